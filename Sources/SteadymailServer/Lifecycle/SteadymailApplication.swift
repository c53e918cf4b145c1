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
import UnixSignals

/// Builds every service of a node from its configuration and runs them under one service group.
///
/// It exists so that `steadymail serve` is a single call, and so the order of start-up and shutdown is decided in
/// one place: storage opens first (an older database is switched to incremental vacuum before intake opens),
/// listeners bind before anything runs (so a taken port fails start-up), and on SIGTERM or SIGINT the SMTP listeners
/// (together) drain first, then the HTTP API, delivery, retention, the control socket, then the disk monitor.
public enum SteadymailApplication {
    /// Runs the node until SIGTERM or SIGINT. Metrics are recorded into `export` and served on `GET /metrics`.
    /// `reload` re-reads the configuration for SIGHUP and `steadymail reload`; nil disables reloading.
    public static func run(
        _ configuration: SteadymailConfiguration, export: PrometheusExport, logger: Logger,
        reload: (@Sendable () throws -> SteadymailConfiguration)? = nil
    ) async throws {
        // Signals are trapped first: one that arrives while the node starts (the port may already answer) is kept
        // and acted on once the services run, instead of killing the process half started.
        let stopSignals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        let hangups = reload != nil ? await UnixSignalsSequence(trapping: .sighup) : nil
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
        let metrics = export.makeMetrics()
        let drain = DrainState()
        let canaries = CanaryMailbox(logger: logger)
        let processor = FeedbackProcessor(
            store: store, softBounceLimit: configuration.feedback.softBounceLimit, metrics: metrics, logger: logger)
        let feedback: any FeedbackSink = processor
        let linkKey = try AudienceAssembly.linkKey(configuration)
        let signer = LinkSigner(key: linkKey)
        let unsubscribeLinks = AudienceAssembly.unsubscribeLinks(configuration, signer: signer)
        let feedbackAddresses = FeedbackAssembly.addresses(configuration, linkKey: linkKey)
        let feedbackMail = FeedbackAssembly.localMail(
            feedbackAddresses, links: unsubscribeLinks, store: store, sink: feedback,
            next: LoggingLocalMailConsumer(logger: logger), logger: logger)
        let pipeline = IntakePipeline(
            hostname: smtp.hostname, defaultPriority: smtp.defaultPriority, localDomains: Set(smtp.localDomains),
            committer: committer, disk: disk,
            localMail: CanaryAssembly.localMail(
                configuration.monitoring, mailbox: canaries, next: feedbackMail, logger: logger),
            wake: wake, metrics: metrics, logger: logger)
        let intake = LiveSMTPServices(
            try SMTPIntakeAssembly.services(
                smtp, pipeline: pipeline, authLimiter: SMTPIntakeAssembly.authLimiter(smtp), logger: logger))
        let tlsContext = intake.current.tlsContext
        let limiter = ConnectionLimiter(
            maximumTotal: smtp.maxConnections, maximumPerAddress: smtp.maxConnectionsPerIP)
        let group = MultiThreadedEventLoopGroup.singleton
        var listeners = [
            SMTPListener(
                name: "smtp", host: smtp.listen.host, port: smtp.listen.port, implicitTLS: false, services: intake,
                limiter: limiter, gracePeriod: configuration.shutdownGracePeriod, group: group)
        ]
        if let submissions = smtp.submissionsListen, tlsContext != nil {
            listeners.append(
                SMTPListener(
                    name: "submissions", host: submissions.host, port: submissions.port, implicitTLS: true,
                    services: intake, limiter: limiter, gracePeriod: configuration.shutdownGracePeriod, group: group))
        }
        let smtpListeners = SMTPListenerGroup(listeners)
        // Built before the SMTP port answers (loading the TLS trust roots takes a moment), so that once it does, the
        // control socket and the HTTP API follow at once.
        let webhooks = try WebhookAssembly.dispatcher(configuration, store: store, group: group, logger: logger)
        let alerts = try AlertAssembly.dispatcher(configuration, pipeline: pipeline, group: group, logger: logger)
        let providers = try ProviderWebhookAssembly.make(
            configuration, feedback: feedback, group: group, logger: logger)
        try await smtpListeners.bind()
        let feedbackWake = WakeSignal()
        let (delivery, relays) = try DeliveryAssembly.make(
            configuration, store: store, wake: wake, group: group, metrics: metrics, logger: logger,
            feedbackWake: feedbackWake)
        let retention = RetentionService(store: store, configuration: configuration.retention, logger: logger)
        let probes: @Sendable (SteadymailConfiguration) throws -> ProbeFactory = { settings in
            try MonitoringAssembly.probes(
                settings, store: store, pool: relays, canaries: canaries, registry: delivery.channels, group: group)
        }
        let maintenanceService = MaintenanceService(
            store: store, pool: relays, settings: configuration.maintenance, logger: logger)
        let monitors = MonitorService(
            settings: configuration, store: store, pool: relays, probes: try probes(configuration), alerts: alerts,
            calendar: maintenanceService, logger: logger)
        let maintenance = MaintenanceOperations(
            store: store,
            settings: {
                let capacities = await relays.capacities.map {
                    OffPeakPlanner.RelayCapacity(name: $0.name, ratePerSecond: $0.rate)
                }
                return (await maintenanceService.settings.drainBefore, capacities)
            }, changed: { await maintenanceService.windowsChanged() })
        let declaredMaintenance = StoredMaintenance(store: store)
        let sla = SLAService(
            settings: configuration, store: store, monitors: monitors, alerts: alerts,
            maintenance: declaredMaintenance, logger: logger)
        let templates = Templates(store: store)
        let renderer = TemplateCampaignRenderer(templates: templates)
        let trackingLinks = TrackingLinks(signer: signer, publicURL: configuration.http.publicURL)
        let engagement = EngagementRecorder(store: store, logger: logger)
        let campaignService = CampaignService(
            store: store, renderer: renderer, hostname: smtp.hostname, unsubscribe: unsubscribeLinks,
            tracking: trackingLinks, delivery: wake, settings: configuration.campaigns, feedback: feedbackAddresses,
            logger: logger)
        let campaigns = CampaignOperations(
            store: store, renderer: renderer, wake: wake, hasPublicURL: configuration.http.publicURL != nil,
            changed: { campaignService.changed() })
        let reputation = ReputationGuard(
            settings: configuration.reputation, store: store, campaigns: campaigns, alerts: alerts, logger: logger)
        let feedbackDrain = FeedbackDrainService(
            processor: processor, interval: configuration.reputation.checkInterval, wake: feedbackWake, logger: logger)
        let reloader = reload.map { load in
            ConfigReloader(
                running: configuration,
                targets: ConfigReloader.Targets(
                    pool: relays, delivery: configuration.delivery.enabled ? delivery : nil, smtp: intake,
                    limiter: limiter, pipeline: pipeline, retention: retention, monitors: monitors,
                    maintenance: maintenanceService, campaigns: campaignService, sla: sla, reputation: reputation,
                    feedbackDrain: feedbackDrain, probes: probes),
                logger: logger, load: load)
        }
        var reloadCommand: (@Sendable () async -> ReloadOutcome)?
        if let reloader { reloadCommand = { await reloader.reload() } }
        let operations = QueueOperations(store: store, wake: wake, metrics: metrics, logger: logger)
        let confirmations = try AudienceAssembly.confirmations(
            configuration, signer: signer, store: store, pipeline: pipeline)
        let control = ControlServer(
            path: configuration.controlSocket,
            handler: QueueControlHandler(
                store: store, pipeline: pipeline, relays: relays, operations: operations, reload: reloadCommand,
                destinations: delivery.destinations,
                allowPrivateWebhookTargets: configuration.webhooks.allowPrivateTargets, monitors: monitors,
                maintenance: maintenance, sla: sla, templates: templates, confirmations: confirmations,
                campaigns: campaigns),
            group: group, logger: logger)
        var services: [any Service] = [
            disk, alerts, control, retention, maintenanceService, monitors, sla, campaignService, engagement,
            feedbackDrain, reputation,
        ]
        if configuration.delivery.enabled { services.append(delivery) }
        if let reloader, let hangups { services.append(ReloadSignalService(reloader: reloader, hangups: hangups)) }
        let send = SendService(
            pipeline: pipeline, store: store,
            limits: {
                let policy = intake.current.policy
                return SendLimits(maxRecipients: policy.maxRecipients, maxMessageSize: policy.maxMessageSize)
            }, idempotencyTTL: configuration.http.idempotencyTTL,
            rateLimiter: APIRateLimiter(
                ratePerSecond: configuration.http.rateLimit, burst: configuration.http.rateBurst),
            logger: logger)
        let health = HealthRoutes(
            readiness: ReadinessCheck(
                store: store, disk: disk, drain: drain, probeInterval: configuration.http.readyProbeInterval,
                logger: logger),
            scrape: MetricsScrape(
                export: export, metrics: metrics,
                sources: MetricsSources(
                    store: store, smtpSessions: { limiter.activeConnections }, relays: relays,
                    webhookBacklog: WebhookBacklog { try await store.pendingWebhookDeliveries() })))
        services.append(webhooks)
        let status = CachedStatusSource(
            LiveStatusSource(
                title: configuration.status.title, relays: relays, monitors: monitors, store: store,
                uptime: SLADailyUptime(history: SLAHistory(store: store, maintenance: declaredMaintenance)),
                maintenance: declaredMaintenance),
            ttl: configuration.status.cacheTTL)
        services.append(
            HTTPService.make(
                configuration.http, store: store, relays: relays, operations: operations, health: health, send: send,
                webhooks: WebhookSubscriptions(
                    store: store, allowPrivateTargets: configuration.webhooks.allowPrivateTargets),
                monitors: monitors, status: status, maintenance: maintenance, sla: sla, templates: templates,
                audience: Audience(store: store, confirmations: confirmations), campaigns: campaigns, logger: logger))
        if let address = configuration.http.publicListen {
            services.append(
                HTTPService.makePublic(
                    configuration.http, address: address, status: status, confirmations: confirmations,
                    unsubscriptions: Unsubscriptions(store: store, links: unsubscribeLinks, feedback: feedback),
                    tracking: TrackingRoutes(links: trackingLinks, store: store, recorder: engagement),
                    providers: providers, logger: logger))
        }
        services.append(smtpListeners)
        let serviceGroup = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: logger))
        logger.info("steadymail started", metadata: ["data_dir": "\(configuration.dataDir)"])
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask {
                for await _ in stopSignals {
                    // Readiness turns 503 at once, while open sessions still finish within the grace period.
                    drain.begin()
                    await serviceGroup.triggerGracefulShutdown()
                }
            }
            try await serviceGroup.run()
            tasks.cancelAll()
        }
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
