import Foundation
import NIOCore
import NIOSSL
import SteadymailDomain

/// A `tls-cert` monitor: the days until the certificate a TLS server presents expires; `down` under `failDays`,
/// `warn` under `warnDays`.
///
/// It exists because an expired certificate takes a relay or an API down all at once, on a date known weeks ahead.
/// Verification is off unless the monitor asks for it, so that an expired or self-signed certificate is still
/// measured rather than reported as a failed handshake.
struct TLSCertificateProbe: MonitorProbe {
    let host: String
    let port: Int
    let warnDays: Int
    let failDays: Int
    let tlsContext: NIOSSLContext
    let connector: ProbeConnector

    func run(now: Date, deadline: Date) async -> ProbeResult {
        let run = ProbeRun(now: now, deadline: deadline)
        let tlsContext = self.tlsContext
        let serverHostname = SMTPProbe.serverHostname(host)
        let connected = await connector.connect(host: host, port: port, run: run) { channel in
            let reader = PeerCertificateReader(eventLoop: channel.eventLoop)
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname))
            try operations.addHandler(reader)
            return reader.result
        }
        switch connected {
        case .failure(.timedOut):
            return run.timedOut()
        case .failure(.failed(let reason)):
            return run.down(reason)
        case .success(let result):
            switch try? await result.get() {
            case .expiry(let notAfter):
                return judge(notAfter: notAfter, now: now, run: run)
            case .failed(let reason):
                return run.isOver ? run.timedOut() : run.down(reason)
            case nil:
                return run.down("the connection ended unexpectedly")
            }
        }
    }

    private func judge(notAfter: Date, now: Date, run: ProbeRun) -> ProbeResult {
        let days = notAfter.timeIntervalSince(now) / 86_400
        let when = "(\(InternetDate.rfc3339(notAfter)))"
        let text = String(format: "%.1f", abs(days))
        let message =
            days >= 0
            ? "certificate for \(host) expires in \(text) days \(when)"
            : "certificate for \(host) expired \(text) days ago \(when)"
        if days < Double(failDays) { return run.down(message, measured: true, value: days) }
        if days < Double(warnDays) { return run.warn(message, value: days) }
        return run.up(message, value: days)
    }
}
