import Foundation
import Logging
import SteadymailConfig

/// Re-reads the configuration file on SIGHUP or `steadymail reload` and applies what may change while running.
///
/// It exists so that an operator can add or remove relays, change routes, limits and timers without a restart, which
/// would drop open SMTP sessions: an invalid new file is refused with its error and the running configuration stays
/// in force; a valid one is applied to the relay pool, the delivery loop, SMTP intake (for sessions that start
/// afterwards) and the monitors, and what only a restart can change is named in the answer.
actor ConfigReloader {
    /// The parts of a running node a reload reconfigures; nil when that part does not run.
    struct Targets: Sendable {
        var pool: RelayPool?
        var delivery: DeliveryService?
        var smtp: LiveSMTPServices
        var limiter: ConnectionLimiter
        var pipeline: IntakePipeline
        var retention: RetentionService
        var monitors: MonitorService?
        var maintenance: MaintenanceService?
        var campaigns: CampaignService?
        var sla: SLAService?
        var reputation: ReputationGuard? = nil
        var feedbackDrain: FeedbackDrainService? = nil
        /// Builds the probes of a configuration's monitors (a relay's CA file may fail to load).
        var probes: @Sendable (SteadymailConfiguration) throws -> ProbeFactory
    }

    private let load: @Sendable () throws -> SteadymailConfiguration
    private var running: SteadymailConfiguration
    private let targets: Targets
    private let logger: Logger

    init(
        running: SteadymailConfiguration, targets: Targets, logger: Logger,
        load: @escaping @Sendable () throws -> SteadymailConfiguration
    ) {
        self.running = running
        self.targets = targets
        self.logger = logger
        self.load = load
    }

    /// Loads, validates and applies the configuration file; never throws, the outcome says what happened.
    func reload() async -> ReloadOutcome {
        let loaded: SteadymailConfiguration
        do {
            loaded = try load()
        } catch {
            return refuse(error)
        }
        let plan = ReloadPlan(running: running, loaded: loaded)
        let next = plan.effective
        do {
            // Everything that can fail is built before anything changes.
            let endpoints = try DeliveryAssembly.endpoints(next)
            let current = targets.smtp.current
            let authLimiter =
                next.smtp.auth.maxFailures == running.smtp.auth.maxFailures
                    && next.smtp.auth.failureWindow == running.smtp.auth.failureWindow
                ? current.authLimiter : SMTPIntakeAssembly.authLimiter(next.smtp)
            let services = try SMTPIntakeAssembly.services(
                next.smtp, pipeline: targets.pipeline, authLimiter: authLimiter, logger: current.logger)
            let pace = DeliveryAssembly.pace(next.shaping)
            let probes = try targets.probes(next)
            await targets.pool?.reconfigure(
                relays: endpoints, routes: DeliveryAssembly.routeTable(next),
                breaker: DeliveryAssembly.breaker(next.delivery), pace: pace, idleLimit: next.delivery.connectionIdle,
                now: Date())
            targets.delivery?.reconfigure(next.delivery)
            targets.delivery?.reconfigure(throttles: DeliveryAssembly.throttleDetector(next.shaping))
            await targets.delivery?.destinations.reconfigure(
                destinations: DeliveryAssembly.destinations(next), pace: pace,
                defaultConnections: next.delivery.concurrency, now: Date())
            targets.retention.reconfigure(next.retention)
            await targets.monitors?.reconfigure(next, probes: probes)
            await targets.maintenance?.reconfigure(next.maintenance)
            await targets.campaigns?.reconfigure(next.campaigns)
            targets.sla?.reconfigure(next)
            targets.reputation?.reconfigure(next.reputation)
            targets.feedbackDrain?.update(interval: next.reputation.checkInterval)
            targets.smtp.replace(with: services)
            targets.limiter.setLimits(
                maximumTotal: next.smtp.maxConnections, maximumPerAddress: next.smtp.maxConnectionsPerIP)
        } catch {
            return refuse(error)
        }
        running = next
        logger.notice(
            "configuration reloaded",
            metadata: [
                "applied": "\(plan.applied.joined(separator: ","))",
                "restart_needed": "\(plan.restartNeeded.joined(separator: ","))",
                "relays": "\(next.relays.map(\.name).joined(separator: ","))",
            ])
        return ReloadOutcome(applied: plan.applied, restartNeeded: plan.restartNeeded)
    }

    private func refuse(_ error: any Error) -> ReloadOutcome {
        let message = (error as? ConfigError)?.description ?? "\(error)"
        logger.error("configuration reload refused; the running configuration stays", metadata: ["error": "\(message)"])
        return ReloadOutcome(error: message)
    }
}
