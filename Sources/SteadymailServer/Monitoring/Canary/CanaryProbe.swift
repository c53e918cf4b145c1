import Foundation
import NIOCore
import SteadymailDomain
import SteadymailSMTP

/// The probe of a `canary` monitor: one small message with a fresh token, sent straight through the monitor's relay
/// to `<mailbox>@<canary domain>`, and the time until it comes back to this server.
///
/// It exists because a relay can greet, authenticate and say 250 while mail never arrives; only a message that makes
/// the whole trip proves the path. The message goes through its own `RelayConnection`, not the queue: it never
/// appears in queue counts, metrics, delivery objectives or campaign statistics, and it is not held back by the relay's
/// open circuit, since proving that a relay is back is its job. The envelope sender is `canary@<smtp.hostname>`, not
/// the null sender: forwarding services and submission relays commonly refuse `<>` outside bounces, and a real
/// address of our own host passes their sender checks. Results: `up` with the delay in seconds as value ("arrived in
/// 0.42 s via primary"), or `down` with what failed ("relay refused: 554 …", "did not arrive within 30 s").
struct CanaryProbe: MonitorProbe {
    let monitor: String
    /// The relay the canary goes through; nil (a definition without one) is reported as down.
    let relay: String?
    /// `<mailbox>@<canary domain>`.
    let recipient: String
    /// `canary@<smtp.hostname>`.
    let sender: String
    /// Written into the Message-ID.
    let hostname: String
    let mailbox: CanaryMailbox
    /// How to reach a relay now (`RelayPool.endpoint(named:)`); nil when no relay has that name.
    let endpoints: @Sendable (String) async -> RelayEndpoint?
    let group: any EventLoopGroup
    let registry: ChannelRegistry

    init(
        _ definition: MonitorDefinition, canaryDomain: String, hostname: String, mailbox: CanaryMailbox,
        endpoints: @escaping @Sendable (String) async -> RelayEndpoint?, group: any EventLoopGroup,
        registry: ChannelRegistry
    ) {
        self.monitor = definition.name
        self.relay = definition.relay
        self.recipient = "\(definition.canaryMailbox ?? "canary")@\(canaryDomain)"
        self.sender = "canary@\(hostname)"
        self.hostname = hostname
        self.mailbox = mailbox
        self.endpoints = endpoints
        self.group = group
        self.registry = registry
    }

    func run(now: Date, deadline: Date) async -> ProbeResult {
        func down(_ message: String) -> ProbeResult { ProbeResult(verdict: .down, at: now, message: message) }
        guard let relay else { return down("the canary monitor names no relay") }
        guard let endpoint = await endpoints(relay) else { return down("relay \(relay) is not configured") }
        let token = CanaryToken.make()
        guard await mailbox.register(token, until: deadline) else {
            return down("too many canaries outstanding (\(mailbox.limit))")
        }
        let started = Date()
        let message: SMTPOutboundMessage
        do {
            message = try self.message(token: token, at: started)
        } catch {
            await mailbox.withdraw(token)
            return down("cannot compose the canary: \(error)")
        }
        let group = self.group
        let registry = self.registry
        let sent = await DeadlineRace.run(until: deadline) {
            await Self.send(message, through: endpoint, group: group, registry: registry)
        }
        guard let sent else {
            await mailbox.withdraw(token)
            return down("timed out sending through \(relay)")
        }
        if let failure = sent {
            await mailbox.withdraw(token)
            return down(failure)
        }
        guard let arrived = await mailbox.arrival(of: token) else {
            return down("did not arrive within \(Self.seconds(deadline.timeIntervalSince(now))) s")
        }
        let delay = max(arrived.timeIntervalSince(started), 0)
        return ProbeResult(
            verdict: .up, at: now, latency: .milliseconds(Int64(delay * 1000)),
            message: "arrived in \(Self.seconds(delay)) s via \(relay)", value: delay)
    }

    /// The canary: plain text, the token in its own header and in the subject.
    func message(token: String, at date: Date) throws -> SMTPOutboundMessage {
        let draft = MessageDraft(
            from: NamedMailbox(name: "Steadymail canary", mailbox: try Mailbox(parsing: sender)),
            to: [NamedMailbox(mailbox: try Mailbox(parsing: recipient))], subject: "Steadymail canary \(token)",
            text: "This message tests the delivery path through relay \(relay ?? "?") for monitor \(monitor).\n"
                + "Steadymail consumes it when it comes back; nothing needs to be done.\n",
            html: nil, headers: [HeaderField(name: CanaryToken.header, value: token)],
            messageID: "canary.\(token)@\(hostname)", date: date)
        let content = try MessageComposer(boundaryToken: token).compose(draft)
        return SMTPOutboundMessage(sender: sender, recipients: [recipient], content: ByteBuffer(bytes: content))
    }

    /// Hands the message to the relay in a session of its own; nil when the relay accepted it, else why not.
    static func send(
        _ message: SMTPOutboundMessage, through endpoint: RelayEndpoint, group: any EventLoopGroup,
        registry: ChannelRegistry
    ) async -> String? {
        let connection: RelayConnection
        switch await RelayConnection.open(endpoint, group: group, registry: registry) {
        case .opened(let opened): connection = opened
        case .failed(let failure): return describe(failure, endpoint: endpoint)
        }
        defer { connection.close() }
        switch await connection.send(message) {
        case .delivered(let outcome):
            guard let reply = outcome.decisiveReply(forRecipientAt: 0) else { return "relay gave no answer" }
            return reply.isPositive ? nil : "relay refused: \(reply)"
        case .failed(let failure):
            return describe(failure, endpoint: endpoint)
        case .ready:
            return "relay session in an unexpected state"
        }
    }

    static func describe(_ failure: SMTPSessionFailure, endpoint: RelayEndpoint) -> String {
        switch failure.kind {
        case .reply(let reply): "relay refused: \(reply)"
        case .connectionClosed where failure.stage == .connect:
            "cannot connect to \(endpoint.host):\(endpoint.port)"
        case .connectionClosed: "relay closed the connection at \(failure.stage)"
        case .timeout: "relay timed out at \(failure.stage)"
        case .protocolError(let text): "relay broke the protocol at \(failure.stage): \(text)"
        case .tlsRequiredButNotOffered: "relay does not offer STARTTLS"
        case .tlsFailed: "TLS with the relay failed"
        case .authenticationNotOffered: "relay offers no usable AUTH mechanism"
        }
    }

    /// Seconds with two decimals, without trailing zeros beyond them: "0.42", "30".
    static func seconds(_ value: TimeInterval) -> String {
        let hundredths = (value * 100).rounded()
        return hundredths.truncatingRemainder(dividingBy: 100) == 0
            ? String(Int(hundredths / 100)) : String(format: "%.2f", hundredths / 100)
    }
}
