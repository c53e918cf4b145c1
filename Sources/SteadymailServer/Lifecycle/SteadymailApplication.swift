import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailSMTP
import SteadymailSQLite
import SteadymailStorage

/// Builds every service of a node from its configuration and runs them under one service group.
///
/// It exists so that `steadymail serve` is a single call, and so the order of start-up and shutdown is decided in
/// one place: storage opens first (an older database is switched to incremental vacuum before intake opens),
/// listeners bind before anything runs (so a taken port fails start-up), and on SIGTERM or SIGINT the SMTP listeners
/// (together) drain first, then delivery, retention, the control socket, then the disk monitor.
public enum SteadymailApplication {
    public static func run(_ configuration: SteadymailConfiguration, logger: Logger) async throws {
        let smtp = configuration.smtp
        try FileManager.default.createDirectory(
            atPath: configuration.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try SQLiteQueueStore(
            path: configuration.storage.sqlite.path, busyTimeout: configuration.storage.sqlite.busyTimeout)
        await IncrementalVacuumUpgrade.run(store, path: configuration.storage.sqlite.path, logger: logger)
        let committer = GroupCommitter(
            store: store, maxBatch: configuration.queue.groupCommitMaxBatch,
            maxDelay: configuration.queue.groupCommitMaxDelay)
        let disk = DiskSpaceMonitor(
            path: configuration.dataDir, minimumFreeBytes: smtp.minFreeDisk,
            minimumFreePercent: Double(smtp.minFreeDiskPercent), interval: smtp.diskCheckInterval, logger: logger)
        let wake = WakeSignal()
        let pipeline = IntakePipeline(
            hostname: smtp.hostname, defaultPriority: smtp.defaultPriority, localDomains: Set(smtp.localDomains),
            committer: committer, disk: disk, localMail: LoggingLocalMailConsumer(logger: logger), wake: wake,
            logger: logger)
        let tlsContext = try makeTLSContext(smtp.tls)
        for (index, user) in smtp.auth.users.enumerated() where !PasswordHasher.isWellFormed(user.passwordHash) {
            throw ConfigError(
                key: "smtp.auth.users[\(index)].password_hash",
                message: "not a hash printed by `steadymail hash-password`")
        }
        let credentials = Credentials(
            Dictionary(smtp.auth.users.map { ($0.username, $0.passwordHash) }, uniquingKeysWith: { first, _ in first }))
        let services = SMTPSessionServices(
            policy: SMTPServerPolicy(
                hostname: smtp.hostname, maxMessageSize: smtp.maxMessageSize, maxRecipients: smtp.maxRecipients,
                localDomains: Set(smtp.localDomains), startTLSAvailable: tlsContext != nil,
                authAvailable: !credentials.isEmpty, maxCommandErrors: smtp.maxCommandErrors),
            pipeline: pipeline, credentials: credentials,
            authLimiter: AuthFailureLimiter(maxFailures: smtp.auth.maxFailures, window: smtp.auth.failureWindow),
            tlsContext: tlsContext, relayNetworks: smtp.relayNetworks, idleTimeout: smtp.idleTimeout, logger: logger)
        let limiter = ConnectionLimiter(
            maximumTotal: smtp.maxConnections, maximumPerAddress: smtp.maxConnectionsPerIP)
        let group = MultiThreadedEventLoopGroup.singleton
        var listeners = [
            SMTPListener(
                name: "smtp", host: smtp.listen.host, port: smtp.listen.port, implicitTLS: false, services: services,
                limiter: limiter, gracePeriod: configuration.shutdownGracePeriod, group: group)
        ]
        if let submissions = smtp.submissionsListen, tlsContext != nil {
            listeners.append(
                SMTPListener(
                    name: "submissions", host: submissions.host, port: submissions.port, implicitTLS: true,
                    services: services, limiter: limiter, gracePeriod: configuration.shutdownGracePeriod, group: group))
        }
        let smtpListeners = SMTPListenerGroup(listeners)
        try await smtpListeners.bind()
        let (delivery, relays) = try DeliveryAssembly.make(
            configuration, store: store, wake: wake, group: group, logger: logger)
        let control = ControlServer(
            path: configuration.controlSocket,
            handler: QueueControlHandler(
                store: store, pipeline: pipeline, relays: relays, wake: wake),
            group: group, logger: logger)
        let retention = RetentionService(store: store, configuration: configuration.retention, logger: logger)
        let serviceGroup = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: configuration.delivery.enabled && !configuration.relays.isEmpty
                    ? [disk, control, retention, delivery, smtpListeners] : [disk, control, retention, smtpListeners],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("steadymail started", metadata: ["data_dir": "\(configuration.dataDir)"])
        try await serviceGroup.run()
        logger.info("steadymail stopped")
    }

    /// The server TLS context for STARTTLS and implicit TLS, or nil when no certificate is configured. A file that
    /// exists but does not parse stops start-up with the key named, like any other bad value.
    static func makeTLSContext(_ files: TLSFiles?) throws -> NIOSSLContext? {
        guard let files else { return nil }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(files.certificatePath)
        } catch {
            throw ConfigError(
                key: "smtp.tls.cert", message: "cannot read PEM certificate \(files.certificatePath): \(error)")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: files.privateKeyPath, format: .pem)
        } catch {
            throw ConfigError(
                key: "smtp.tls.key", message: "cannot read PEM private key \(files.privateKeyPath): \(error)")
        }
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ConfigError(key: "smtp.tls.key", message: "certificate and key do not form a TLS context: \(error)")
        }
    }
}
