import Foundation
import NIOCore
import SteadymailDomain

/// A `tcp` monitor: the target accepts a TCP connection, which is closed at once.
///
/// It exists for services that speak no protocol Steadymail checks (a database, a proxy): being reachable is the
/// whole check.
struct TCPProbe: MonitorProbe {
    let host: String
    let port: Int
    let connector: ProbeConnector

    func run(now: Date, deadline: Date) async -> ProbeResult {
        let run = ProbeRun(now: now, deadline: deadline)
        switch await connector.connect(host: host, port: port, run: run, initializer: { $0 }) {
        case .success(let channel):
            let result = run.up("connected to \(host):\(port) in \(run.elapsedText)")
            try? await channel.close()
            return result
        case .failure(.timedOut):
            return run.timedOut()
        case .failure(.failed(let reason)):
            return run.down(reason)
        }
    }
}
