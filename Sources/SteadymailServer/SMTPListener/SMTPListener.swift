import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// One SMTP listening socket (port 2525-style with STARTTLS, or 465-style implicit TLS) and its open sessions.
///
/// It exists to own the lifecycle of SMTP intake: bind at start, cap connections, and on graceful shutdown stop
/// accepting, let open transactions finish within the grace period, then close whatever is left.
public final class SMTPListener: Service, Sendable {
    let name: String
    let host: String
    let port: Int
    let implicitTLS: Bool
    let live: LiveSMTPServices
    let limiter: ConnectionLimiter
    let gracePeriod: Duration
    let group: any EventLoopGroup
    private let sessions = Mutex<[ObjectIdentifier: any Channel]>([:])
    private let serverChannel = Mutex<(any Channel)?>(nil)

    public init(
        name: String, host: String, port: Int, implicitTLS: Bool, services: LiveSMTPServices,
        limiter: ConnectionLimiter, gracePeriod: Duration, group: any EventLoopGroup
    ) {
        self.name = name
        self.host = host
        self.port = port
        self.implicitTLS = implicitTLS
        self.live = services
        self.limiter = limiter
        self.gracePeriod = gracePeriod
        self.group = group
    }

    /// Binds the socket. Called by `run`, or earlier so start-up fails before anything else starts.
    public func bind() async throws {
        guard serverChannel.withLock({ $0 }) == nil else { return }
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture { try self.initialize(channel) }
            }
            .bind(host: host, port: port).get()
        serverChannel.withLock { $0 = channel }
        services.logger.info(
            "listening",
            metadata: ["listener": "\(name)", "address": "\(host):\(port)", "implicit_tls": "\(implicitTLS)"])
    }

    public func run() async throws {
        try await bind()
        guard let channel = serverChannel.withLock({ $0 }) else { return }
        try await withGracefulShutdownHandler {
            try await channel.closeFuture.get()
            try await drainSessions()
        } onGracefulShutdown: {
            channel.close(promise: nil)
        }
    }

    /// After the listening socket closed: asks every session to finish, waits up to the grace period, then closes the
    /// rest.
    private func drainSessions() async throws {
        let open = sessions.withLock { Array($0.values) }
        services.logger.info("smtp draining", metadata: ["listener": "\(name)", "sessions": "\(open.count)"])
        for session in open {
            session.pipeline.fireUserInboundEventTriggered(ShutdownRequested())
        }
        let deadline = ContinuousClock.now + gracePeriod
        while ContinuousClock.now < deadline, sessions.withLock({ !$0.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let remaining = sessions.withLock { Array($0.values) }
        if !remaining.isEmpty {
            services.logger.warning(
                "grace period over; closing sessions",
                metadata: ["listener": "\(name)", "sessions": "\(remaining.count)"])
        }
        for session in remaining { try? await session.close() }
    }

    /// The services of sessions starting now (a reload may have replaced them).
    var services: SMTPSessionServices { live.current }

    private func initialize(_ channel: any Channel) throws {
        let services = self.services
        let address = channel.remoteAddress?.ipAddress ?? "unknown"
        guard limiter.acquire(address) else {
            services.logger.notice("connection refused: limit reached", metadata: ["client": "\(address)"])
            try channel.pipeline.syncOperations.addHandler(RefuseConnectionHandler())
            return
        }
        let key = ObjectIdentifier(channel)
        sessions.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in
            limiter.release(address)
            sessions.withLock { _ = $0.removeValue(forKey: key) }
        }
        let operations = channel.pipeline.syncOperations
        if implicitTLS, let tls = services.tlsContext {
            try operations.addHandler(NIOSSLServerHandler(context: tls))
        }
        let idle = services.idleTimeout
        try operations.addHandler(
            IdleStateHandler(
                readTimeout: idle.timeAmount))
        try operations.addHandler(
            SMTPSessionHandler(services: services, clientAddress: address, implicitTLS: implicitTLS))
    }
}
