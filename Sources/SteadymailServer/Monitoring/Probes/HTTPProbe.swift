import Foundation
import NIOCore
import SteadymailDomain

/// An `http` monitor: GET a URL (http or https); up when the status is the one expected (any 2xx by default) and,
/// when asked, the first 64 KiB of the body contain a text.
///
/// It exists for the services around mail (a tracking endpoint, an inbound webhook receiver, the API of another
/// node) whose failure an operator wants in the same incident list. Redirects are not followed: a 3xx is what the
/// URL answers.
struct HTTPProbe: MonitorProbe {
    /// The most body read to look for `bodyContains`.
    static let bodyLimit = 65_536

    let url: String
    let expectStatus: Int?
    let bodyContains: String?
    let client: WebhookHTTPClient

    func run(now: Date, deadline: Date) async -> ProbeResult {
        let run = ProbeRun(now: now, deadline: deadline)
        let target: WebhookURL
        switch WebhookURL.parse(url) {
        case .success(let parsed): target = parsed
        case .failure(let error): return run.down("url \(url) \(error)")
        }
        let addresses: [SocketAddress]
        switch await HostLookup.addresses(of: target.host, port: target.port, run: run) {
        case .success(let resolved): addresses = resolved
        case .failure(.timedOut): return run.timedOut()
        case .failure(.unresolved(let reason)): return run.down(reason)
        }
        var reasons: [String] = []
        for address in addresses {
            guard !run.isOver else { return run.timedOut() }
            do {
                let response = try await client.get(
                    target, to: address, bodyLimit: Self.bodyLimit, deadline: run.nioDeadline)
                return judge(response, run: run)
            } catch {
                reasons.append("\(error)")
            }
        }
        return run.isOver ? run.timedOut() : run.down(reasons.joined(separator: "; "))
    }

    private func judge(_ response: WebhookHTTPClient.Response, run: ProbeRun) -> ProbeResult {
        let expected = expectStatus.map(String.init) ?? "2xx"
        let statusOK = expectStatus.map { response.status == $0 } ?? (200..<300).contains(response.status)
        guard statusOK else { return run.down("status \(response.status), expected \(expected)", measured: true) }
        if let bodyContains, !String(decoding: response.body, as: UTF8.self).contains(bodyContains) {
            return run.down(
                "status \(response.status) but the body does not contain \"\(bodyContains)\"", measured: true)
        }
        return run.up("status \(response.status) in \(run.elapsedText)")
    }
}
