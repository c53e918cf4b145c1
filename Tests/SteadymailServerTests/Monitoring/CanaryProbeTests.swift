import Foundation
import Logging
import NIOPosix
import SteadymailDomain
import SteadymailSMTP
import Testing

@testable import SteadymailServer

@Suite struct CanaryProbeTests {
    private func probe(
        port: Int, mailbox: CanaryMailbox, relay: String? = "primary", timeout: Duration = .seconds(5)
    ) -> CanaryProbe {
        let endpoint = RelayEndpoint(
            name: "primary", host: "127.0.0.1", port: port, implicitTLS: false, tlsContext: nil,
            client: SMTPClientConfiguration(heloName: "mx.example.com", tlsMode: .none))
        return CanaryProbe(
            MonitorDefinition(
                name: "canary:primary", kind: .canary, relay: relay, canaryMailbox: "probe", timeout: timeout),
            canaryDomain: "canary.example.com", hostname: "mx.example.com", mailbox: mailbox,
            endpoints: { name in name == "primary" ? endpoint : nil }, group: MultiThreadedEventLoopGroup.singleton,
            registry: ChannelRegistry())
    }

    /// A relay that hands what it accepts to a canary consumer, as a forwarding relay brings it back to our SMTP port.
    private func forwardingRelay(to mailbox: CanaryMailbox, behaviour: SMTPTestRelay.Behaviour) async throws
        -> SMTPTestRelay
    {
        let consumer = CanaryMailConsumer(
            mailbox: mailbox, canaryDomain: "canary.example.com",
            next: LoggingLocalMailConsumer(logger: Logger(label: "test")), logger: Logger(label: "test"))
        return try await SMTPTestRelay.start(behaviour) { sender, recipients, content in
            await consumer.consume(
                id: QueueID("00000000000000000001")!, sender: sender, recipients: recipients, content: content)
        }
    }

    @Test func aCanaryThatComesBackIsUpWithItsDelay() async throws {
        let mailbox = CanaryMailbox(logger: Logger(label: "test"))
        let relay = try await forwardingRelay(to: mailbox, behaviour: .forward)
        defer { Task { await relay.stop() } }
        let now = Date()
        let result = await probe(port: relay.port, mailbox: mailbox).run(now: now, deadline: now + 15)
        #expect(result.verdict == .up, "\(result.message)")
        let delay = try #require(result.value)
        #expect(delay >= 0 && delay < 15)
        #expect(result.message.hasPrefix("arrived in ") && result.message.hasSuffix(" s via primary"))
        #expect(relay.acceptedMessages == 1)
        #expect(await mailbox.outstanding == 0)
    }

    @Test func aRefusalIsDownWithTheRelaysReply() async throws {
        let mailbox = CanaryMailbox(logger: Logger(label: "test"))
        let relay = try await forwardingRelay(
            to: mailbox, behaviour: .refuseRecipients("554 5.7.1 Relay access denied"))
        defer { Task { await relay.stop() } }
        let now = Date()
        let result = await probe(port: relay.port, mailbox: mailbox).run(now: now, deadline: now + 30)
        #expect(result.verdict == .down)
        #expect(result.message == "relay refused: 554 5.7.1 Relay access denied")
        #expect(await mailbox.outstanding == 0, "the token is withdrawn at once")
    }

    @Test func aRelayThatDropsTheCanaryIsDownAtTheDeadline() async throws {
        let mailbox = CanaryMailbox(logger: Logger(label: "test"))
        let relay = try await forwardingRelay(to: mailbox, behaviour: .drop)
        defer { Task { await relay.stop() } }
        let now = Date()
        let clock = ContinuousClock()
        let began = clock.now
        let result = await probe(port: relay.port, mailbox: mailbox).run(now: now, deadline: now + 8)
        #expect(result.verdict == .down)
        #expect(result.message == "did not arrive within 8 s")
        #expect(relay.acceptedMessages == 1, "the relay said 250")
        #expect(clock.now - began < .seconds(30))
    }

    @Test func anUnreachableOrUnknownRelayIsDown() async throws {
        let mailbox = CanaryMailbox(logger: Logger(label: "test"))
        let now = Date()
        // A refused connection ends the run at once; the deadline only leaves room for a busy machine.
        let closed = await probe(port: 1, mailbox: mailbox).run(now: now, deadline: now + 30)
        #expect(closed.verdict == .down)
        #expect(closed.message == "cannot connect to 127.0.0.1:1")
        let unknown = await probe(port: 1, mailbox: mailbox, relay: "backup").run(now: now, deadline: now + 5)
        #expect(unknown.message == "relay backup is not configured")
        let none = await probe(port: 1, mailbox: mailbox, relay: nil).run(now: now, deadline: now + 5)
        #expect(none.verdict == .down)
        #expect(await mailbox.outstanding == 0)
    }

    @Test func theCanaryCarriesItsTokenInTheHeaderAndTheSubject() throws {
        let mailbox = CanaryMailbox(logger: Logger(label: "test"))
        let token = CanaryToken.make()
        let message = try probe(port: 1, mailbox: mailbox).message(token: token, at: Date())
        #expect(message.sender == "canary@mx.example.com")
        #expect(message.recipients == ["probe@canary.example.com"])
        let text = String(buffer: message.content)
        #expect(text.contains("X-Steadymail-Canary: \(token)\r\n"))
        #expect(text.contains("Subject: Steadymail canary \(token)\r\n"))
        #expect(CanaryToken.extract(from: Array(buffer: message.content)) == token)
    }

    @Test func secondsReadWell() {
        #expect(CanaryProbe.seconds(0.4242) == "0.42")
        #expect(CanaryProbe.seconds(30) == "30")
        #expect(CanaryProbe.seconds(1.5) == "1.50")
    }
}
