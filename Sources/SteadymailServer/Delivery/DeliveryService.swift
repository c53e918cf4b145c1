import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage
import Synchronization

/// The delivery loop of one node: expires what is due, claims due recipients under leases, hands each message to a
/// `MessageDelivery`, and sleeps until the next due time or until intake signals new mail.
///
/// It exists so that claiming, concurrency limits, the bulk reservation, expiry timers and shutdown live in one place,
/// while the per-message decisions (routing, failover, classification) live in `MessageDelivery`.
public final class DeliveryService: Service, Sendable {
    let store: any QueueStore
    let pool: RelayPool
    let destinations: DestinationLimiter
    private let throttleDetector: Mutex<ThrottleReplyDetector>
    let identity: NodeIdentity
    private let settings: Mutex<DeliveryConfiguration>
    let gracePeriod: Duration
    let wake: WakeSignal
    let notices: DeliveryNotices
    let group: any EventLoopGroup
    let channels = ChannelRegistry()
    let outcomes: OutcomeCommitter
    /// Signalled after a settlement with a bounce: the feedback drain applies a campaign's synchronous bounces at once.
    let feedbackWake: WakeSignal?
    let metrics: SteadymailMetrics
    let logger: Logger
    private let busy = Mutex<(bulk: Int, other: Int)>((0, 0))
    private let lastLeaseCheck = Mutex<Date>(.distantPast)

    init(
        store: any QueueStore, pool: RelayPool, identity: NodeIdentity, configuration: DeliveryConfiguration,
        gracePeriod: Duration, wake: WakeSignal, notices: DeliveryNotices, destinations: DestinationLimiter,
        throttles: ThrottleReplyDetector, group: any EventLoopGroup, metrics: SteadymailMetrics, logger: Logger,
        feedbackWake: WakeSignal? = nil
    ) {
        self.feedbackWake = feedbackWake
        self.store = store
        self.pool = pool
        self.destinations = destinations
        self.throttleDetector = Mutex(throttles)
        self.identity = identity
        self.settings = Mutex(configuration)
        self.gracePeriod = gracePeriod
        self.wake = wake
        self.notices = notices
        self.group = group
        self.metrics = metrics
        self.logger = logger
        self.outcomes = OutcomeCommitter(store: store, owner: identity.leaseOwner)
    }

    /// The `delivery:` section in force; a configuration reload replaces it between cycles.
    var configuration: DeliveryConfiguration { settings.withLock { $0 } }

    /// Applies a reloaded `delivery:` section: limits, timers and the retry schedule take effect on the next cycle.
    func reconfigure(_ configuration: DeliveryConfiguration) {
        settings.withLock { $0 = configuration }
        wake.signal()
    }

    /// Tells throttling replies from other temporary failures, with the `shaping.throttle_patterns` in force.
    var throttles: ThrottleReplyDetector { throttleDetector.withLock { $0 } }

    /// Applies reloaded `shaping.throttle_patterns` to the transactions that start afterwards.
    func reconfigure(throttles: ThrottleReplyDetector) {
        throttleDetector.withLock { $0 = throttles }
    }

    var expiry: ExpiryPolicy { ExpiryPolicy(maxAge: configuration.maxAge) }
    var retry: RetrySchedule {
        RetrySchedule(
            initial: configuration.retryInitial, factor: configuration.retryFactor, maximum: configuration.retryMax)
    }

    public func run() async throws {
        let released = try await store.releaseLeases(
            ownerPrefix: identity.ownerPrefix, now: Date(), reason: .ownerRestarted)
        if released > 0 { logger.notice("reclaimed leases of a previous run", metadata: ["recipients": "\(released)"]) }
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { tasks in
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    let started = await cycle(tasks: &tasks)
                    if !started { await sleepUntilDue() }
                }
                await drain()
                tasks.cancelAll()
                channels.closeAll()
            }
        } onGracefulShutdown: {
            self.wake.signal()
        }
        let leftover = try await store.releaseLeases(ownerPrefix: identity.leaseOwner, now: Date(), reason: .shutdown)
        if leftover > 0 {
            logger.notice("released in-flight recipients at shutdown", metadata: ["recipients": "\(leftover)"])
        }
        await pool.closeAll()
    }

    /// One pass: expire, sweep idle connections, claim within the free slots, start deliveries. True when it claimed.
    private func cycle(tasks: inout DiscardingTaskGroup) async -> Bool {
        let now = Date()
        let configuration = self.configuration
        await expireDue(now: now)
        await warnDelayed(now: now)
        await reclaimExpiredLeases(now: now)
        await pool.sweep(now: now)
        guard await pool.anyAvailable(now: now) else { return false }
        let (busyBulk, busyOther) = busy.withLock { ($0.bulk, $0.other) }
        // Claim in batches: while deliveries run, wait until a quarter of the slots is free, so one claim
        // transaction (one fsync) serves several messages.
        let free = configuration.concurrency - busyBulk - busyOther
        guard free >= max(1, configuration.concurrency / 4) || busyBulk + busyOther == 0 else { return false }
        let plan = BulkShare(share: configuration.bulkShare).claimPlan(
            totalSlots: configuration.concurrency, busyBulk: busyBulk, busyOther: busyOther)
        var claimed: [ClaimedRecipient] = []
        do {
            let leaseUntil = now.addingTimeInterval(configuration.lease.timeInterval)
            if plan.other > 0 {
                claimed += try await store.claim(
                    now: now, limit: min(plan.other, configuration.claimBatch), owner: identity.leaseOwner,
                    leaseUntil: leaseUntil, priorities: [.transactional, .timeCritical])
            }
            let bulkRoom = min(plan.bulk, configuration.concurrency - busyBulk - busyOther - claimedMessages(claimed))
            if bulkRoom > 0 {
                claimed += try await store.claim(
                    now: now, limit: min(bulkRoom, configuration.claimBatch), owner: identity.leaseOwner,
                    leaseUntil: leaseUntil, priorities: [.bulk])
            }
        } catch {
            logger.error("claim failed", metadata: ["error": "\(error)"])
            return false
        }
        guard !claimed.isEmpty else { return false }
        let messages = Dictionary(grouping: claimed, by: \.record.key.messageID)
        let urgentFirst = messages.values.sorted { lhs, rhs in
            let left = lhs[0].record
            let right = rhs[0].record
            if left.priority != right.priority { return left.priority < right.priority }
            if left.deliverBy != right.deliverBy {
                return (left.deliverBy ?? .distantFuture) < (right.deliverBy ?? .distantFuture)
            }
            return left.key.messageID < right.key.messageID
        }
        for recipients in urgentFirst {
            let isBulk = recipients[0].record.priority == .bulk
            busy.withLock { isBulk ? ($0.bulk += 1) : ($0.other += 1) }
            let delivery = MessageDelivery(service: self, recipients: recipients.map(\.record))
            tasks.addTask {
                await delivery.run()
                self.busy.withLock { isBulk ? ($0.bulk -= 1) : ($0.other -= 1) }
                self.wake.signal()
            }
        }
        return true
    }

    private func claimedMessages(_ claimed: [ClaimedRecipient]) -> Int {
        Set(claimed.map(\.record.key.messageID)).count
    }

    /// Waits for the earliest of: the next retry, the next expiry, new mail, or a free slot.
    private func sleepUntilDue() async {
        let now = Date()
        let configuration = self.configuration
        var next = now.addingTimeInterval(60)
        if let attempt = try? await store.nextAttemptTime() { next = min(next, attempt) }
        if let expiry = try? await store.nextExpiryTime(maxAge: configuration.maxAge) { next = min(next, expiry) }
        if let warning = try? await store.nextDelayWarningTime(delay: configuration.delayWarning) {
            next = min(next, warning)
        }
        if !(await pool.anyAvailable(now: now)) {
            next = max(
                now.addingTimeInterval(0.05), min(next, await pool.earliestReopening() ?? now.addingTimeInterval(1)))
        }
        let full = busy.withLock { $0.bulk + $0.other } >= configuration.concurrency
        let wait = max(0.01, next.timeIntervalSince(now))
        await wake.wait(timeout: .milliseconds(Int64((full ? min(wait, 1) : wait) * 1000)))
    }

    /// Expires recipients whose deadline or maximum age has passed, and tells SMTP senders.
    /// Reads the next due time from an index first, so that the writer is not taken on every wake-up when nothing
    /// is due.
    private func expireDue(now: Date) async {
        do {
            guard let due = try await store.nextExpiryTime(maxAge: configuration.maxAge), due <= now else { return }
            let expired = try await store.expireDue(now: now, maxAge: configuration.maxAge)
            ExpiryRecord.record(expired, metrics: metrics, logger: logger)
            await notices.expired(expired)
        } catch {
            logger.error("expiry failed", metadata: ["error": "\(error)"])
        }
    }

    /// Gives recipients still undelivered after `delivery.delay_warning` a `delayed` event and tells SMTP senders once.
    private func warnDelayed(now: Date) async {
        do {
            guard let due = try await store.nextDelayWarningTime(delay: configuration.delayWarning), due <= now
            else { return }
            let cutoff = now.addingTimeInterval(-configuration.delayWarning.timeInterval)
            let delayed = try await store.warnDelayed(
                receivedBefore: cutoff, now: now, limit: configuration.claimBatch * 10)
            for record in delayed {
                logger.info(
                    "delivery",
                    metadata: [
                        "id": "\(record.key.messageID)", "rcpt": "\(record.recipient)", "relay": "none",
                        "status": "delayed", "reply": "\(record.lastReply ?? "")",
                    ])
            }
            let maxAge = configuration.maxAge.timeInterval
            await notices.delayed(delayed) { record in
                let aged = record.receivedAt.addingTimeInterval(maxAge)
                return record.deliverBy.map { min($0, aged) } ?? aged
            }
        } catch {
            logger.error("delay warnings failed", metadata: ["error": "\(error)"])
        }
    }

    /// Returns to the queue recipients whose lease ran out (another node, or a process of ours, died holding them),
    /// checked at most every few seconds.
    private func reclaimExpiredLeases(now: Date) async {
        let due = lastLeaseCheck.withLock { last in
            guard now.timeIntervalSince(last) >= min(5, configuration.lease.timeInterval / 4) else { return false }
            last = now
            return true
        }
        guard due else { return }
        do {
            let released = try await store.releaseExpiredLeases(now: now)
            if released > 0 { logger.notice("reclaimed expired leases", metadata: ["recipients": "\(released)"]) }
        } catch {
            logger.error("lease reclaim failed", metadata: ["error": "\(error)"])
        }
    }

    /// On shutdown: waits for in-flight deliveries up to the grace period.
    private func drain() async {
        let deadline = ContinuousClock.now + gracePeriod
        while ContinuousClock.now < deadline, busy.withLock({ $0.bulk + $0.other }) > 0 {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
