import Foundation
import NIOCore
import NIOSSL
import SteadymailDomain
import SteadymailSMTP

/// An `smtp` monitor: connect, greeting (220), EHLO (HELO when EHLO is refused), STARTTLS or implicit TLS as the
/// monitor asks, an AUTH check with the bound relay's credentials when asked, then QUIT without sending anything.
///
/// It exists so that a relay that stops answering, refuses us, breaks TLS or rejects our login is seen between
/// deliveries, before mail fails on it. The result reads "220 greeting, EHLO ok, STARTTLS ok in 14 ms".
struct SMTPProbe: MonitorProbe {
    let host: String
    let port: Int
    let tls: MonitorTLS
    /// Required for `starttls` and `implicit`; verifies (or not) as the monitor's `tls_verify` says.
    let tlsContext: NIOSSLContext?
    /// Sent with AUTH when the monitor checks authentication.
    let credentials: SMTPClientCredentials?
    let heloName: String
    let connector: ProbeConnector

    func run(now: Date, deadline: Date) async -> ProbeResult {
        let run = ProbeRun(now: now, deadline: deadline)
        let configuration = SMTPClientConfiguration(
            heloName: heloName, tlsMode: Self.clientTLSMode(tls), credentials: credentials)
        let implicitTLS = tls == .implicit
        let tlsContext = self.tlsContext
        let serverHostname = Self.serverHostname(host)
        let connected = await connector.connect(host: host, port: port, run: run) { channel in
            let operations = channel.pipeline.syncOperations
            if implicitTLS, let tlsContext {
                try operations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
            }
            let handler = SMTPProbeHandler(
                configuration: configuration, tlsContext: tlsContext, serverHostname: serverHostname,
                eventLoop: channel.eventLoop)
            try operations.addHandler(handler)
            return handler.result
        }
        switch connected {
        case .failure(.timedOut):
            return run.timedOut()
        case .failure(.failed(let reason)):
            return run.down(reason)
        case .success(let result):
            guard let report = try? await result.get() else { return run.down("the session ended unexpectedly") }
            return judge(report, run: run)
        }
    }

    private func judge(_ report: SMTPProbeReport, run: ProbeRun) -> ProbeResult {
        switch report.outcome {
        case .failed(let failure):
            if run.isOver, failure.kind == .connectionClosed || failure.kind == .timeout { return run.timedOut() }
            return run.down(Self.describe(failure, report: report), measured: failure.kind.isReply)
        case .ready:
            guard report.greetingCode == 220 else {
                return run.down("greeting \(report.greetingCode.map(String.init) ?? "?"), not 220", measured: true)
            }
            var steps = ["220 greeting", report.usedHELO ? "HELO ok (EHLO refused)" : "EHLO ok"]
            if tls == .implicit { steps.insert("TLS ok", at: 0) }
            if report.startedTLS { steps.append("STARTTLS ok") }
            if report.authenticated { steps.append("AUTH ok") }
            return run.up("\(steps.joined(separator: ", ")) in \(run.elapsedText)")
        }
    }

    /// One line saying where and how the session failed.
    static func describe(_ failure: SMTPSessionFailure, report: SMTPProbeReport) -> String {
        let stage = name(failure.stage)
        switch failure.kind {
        case .reply(let reply):
            switch failure.stage {
            case .greeting: return "greeting refused: \(reply)"
            case .ehlo: return "\(report.usedHELO ? "HELO" : "EHLO") refused: \(reply)"
            case .auth where reply.code == 535: return "authentication failed: \(reply)"
            default: return "\(stage) refused: \(reply)"
            }
        case .protocolError(let text):
            return "protocol error at \(stage): \(text)"
        case .connectionClosed:
            if let tlsError = report.tlsError { return "TLS handshake failed: \(tlsError)" }
            return "connection closed at \(stage)"
        case .timeout:
            return "timed out at \(stage)"
        case .tlsRequiredButNotOffered:
            return "STARTTLS not offered"
        case .tlsFailed:
            return "TLS handshake failed" + (report.tlsError.map { ": \($0)" } ?? "")
        case .authenticationNotOffered:
            return "AUTH not offered (neither PLAIN nor LOGIN)"
        }
    }

    static func name(_ stage: SMTPClientStage) -> String {
        switch stage {
        case .connect: "connect"
        case .greeting: "the greeting"
        case .ehlo: "EHLO"
        case .startTLS: "STARTTLS"
        case .auth: "AUTH"
        case .quit: "QUIT"
        case .idle, .mail, .rcpt, .data, .dataEnd, .rset: "\(stage)"
        }
    }

    static func clientTLSMode(_ tls: MonitorTLS) -> SMTPClientTLSMode {
        switch tls {
        case .none: .none
        case .starttls: .required
        case .implicit: .implicit
        }
    }

    /// The name for SNI and certificate checks; none for an IP literal.
    static func serverHostname(_ host: String) -> String? {
        host.first?.isNumber == true || host.contains(":") ? nil : host
    }
}

extension SMTPSessionFailure.Kind {
    /// The server answered with a reply code.
    fileprivate var isReply: Bool {
        if case .reply = self { return true }
        return false
    }
}
