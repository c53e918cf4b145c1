import Foundation
import NIOCore

/// Resolves a host name to its addresses for a probe, with the system resolver on a thread of its own, giving up at
/// the run's deadline; an IP literal is taken as it is.
///
/// It exists because `getaddrinfo` blocks and cannot be interrupted: it must never run on an event loop, and a probe
/// must still end on time when the resolver hangs (a late answer is dropped). Each lookup gets a new thread rather
/// than one of Dispatch's few shared ones, so a resolver that hangs for one probe cannot starve the others.
enum HostLookup {
    /// Why no address came back.
    enum Failure: Error, Equatable {
        case unresolved(String)
        case timedOut
    }

    /// The addresses of `host` with `port`, in the resolver's order (an IP literal resolves to itself).
    static func addresses(of host: String, port: Int, run: ProbeRun) async -> Result<[SocketAddress], Failure> {
        if let literal = try? SocketAddress(ipAddress: host, port: port) { return .success([literal]) }
        let answer = OneAnswer<[SocketAddress]>()
        let limit = run.remaining
        let timer = Task {
            try? await Task.sleep(for: limit)
            answer.give(.failure(Failure.timedOut))
        }
        defer { timer.cancel() }
        do {
            let addresses = try await withCheckedThrowingContinuation { continuation in
                answer.wait(continuation)
                Thread.detachNewThread {
                    answer.give(
                        Result {
                            do {
                                return try WebhookTargetResolver.resolve(host: host, port: port)
                            } catch {
                                throw Failure.unresolved("\(error)")
                            }
                        })
                }
            }
            guard !addresses.isEmpty else { return .failure(.unresolved("\(host) has no address")) }
            return .success(addresses)
        } catch let failure as Failure {
            return .failure(failure)
        } catch {
            return .failure(.unresolved("\(error)"))
        }
    }
}
