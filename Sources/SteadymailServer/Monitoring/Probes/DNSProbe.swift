import Foundation
import NIOCore
import SteadymailDomain

/// A `dns` monitor: a host name resolves to A/AAAA records, including an expected address when one is given.
///
/// It exists because a relay or API whose name stops resolving fails every connection while the service itself is
/// fine; this probe names the cause. It asks the system resolver, as every connection of this node does.
struct DNSProbe: MonitorProbe {
    let host: String
    /// An IPv4 or IPv6 address in text form that must be among the answers.
    let expectAddress: String?

    func run(now: Date, deadline: Date) async -> ProbeResult {
        let run = ProbeRun(now: now, deadline: deadline)
        switch await HostLookup.addresses(of: host, port: 0, run: run) {
        case .failure(.timedOut):
            return run.timedOut()
        case .failure(.unresolved(let reason)):
            return run.down(reason)
        case .success(let addresses):
            var seen: [String] = []
            for address in addresses.compactMap(\.ipAddress) where !seen.contains(address) { seen.append(address) }
            let list = seen.joined(separator: ", ")
            if let expectAddress, !seen.contains(where: { Self.same($0, expectAddress) }) {
                return run.down("\(host) resolves to \(list), not to \(expectAddress)", measured: true)
            }
            return run.up("\(host) resolves to \(list) in \(run.elapsedText)")
        }
    }

    /// Whether two address texts name the same address (IPv6 may be written in several ways).
    static func same(_ answer: String, _ expected: String) -> Bool {
        guard let left = try? SocketAddress(ipAddress: answer, port: 0),
            let right = try? SocketAddress(ipAddress: expected, port: 0)
        else { return answer.lowercased() == expected.lowercased() }
        return WebhookTargetResolver.bytes(of: left) == WebhookTargetResolver.bytes(of: right)
    }
}
