import Foundation
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Opens the TCP connection of a network probe: resolves the host off the event loops, tries its addresses in order
/// until one accepts, and has the channel closed at the run's deadline whatever happens on it.
///
/// It exists so that every network probe is bounded the same way: nothing it opens outlives its deadline, and a
/// refused or unreachable target is worded alike ("cannot connect to 127.0.0.1:25: connection refused").
struct ProbeConnector: Sendable {
    let group: any EventLoopGroup

    /// Why no connection was made.
    enum Failure: Error, Equatable {
        /// Resolution or every connection attempt failed; the text says how.
        case failed(String)
        case timedOut
    }

    /// Connects to `host`:`port`; `initializer` runs on the channel's event loop before the connection is made
    /// (install handlers there) and its output is returned once connected.
    func connect<Output: Sendable>(
        host: String, port: Int, run: ProbeRun,
        initializer: @escaping @Sendable (any Channel) throws -> Output
    ) async -> Result<Output, Failure> {
        let addresses: [SocketAddress]
        switch await HostLookup.addresses(of: host, port: port, run: run) {
        case .success(let resolved): addresses = resolved
        case .failure(.timedOut): return .failure(.timedOut)
        case .failure(.unresolved(let reason)): return .failure(.failed(reason))
        }
        var reasons: [String] = []
        for address in addresses {
            guard !run.isOver else { return .failure(.timedOut) }
            do {
                return .success(try await connect(to: address, run: run, initializer: initializer))
            } catch {
                reasons.append("cannot connect to \(Self.describe(address)): \(Self.describe(error))")
            }
        }
        return run.isOver ? .failure(.timedOut) : .failure(.failed(reasons.joined(separator: "; ")))
    }

    private func connect<Output: Sendable>(
        to address: SocketAddress, run: ProbeRun, initializer: @escaping @Sendable (any Channel) throws -> Output
    ) async throws -> Output {
        let deadline = run.nioDeadline
        return try await ClientBootstrap(group: group)
            .connectTimeout(run.remaining.timeAmount)
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .connect(to: address) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let closing = channel.eventLoop.scheduleTask(deadline: deadline) { channel.close(promise: nil) }
                    channel.closeFuture.whenComplete { _ in closing.cancel() }
                    return try initializer(channel)
                }
            }
    }

    /// "127.0.0.1:25", "[::1]:25".
    static func describe(_ address: SocketAddress) -> String {
        let ip = address.ipAddress ?? "\(address)"
        let host = ip.contains(":") ? "[\(ip)]" : ip
        return address.port.map { "\(host):\($0)" } ?? host
    }

    /// A connection error in a few words.
    static func describe(_ error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "connection reset"
            case ENETUNREACH: return "network unreachable"
            case EHOSTUNREACH: return "host unreachable"
            default: return "\(error)"
            }
        }
        if case ChannelError.connectTimeout = error { return "connect timed out" }
        return "\(error)"
    }
}
