import Foundation
import Logging
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage
import Synchronization

/// The webhook loop of one node: claims due outbox entries within `webhooks.concurrency`, sends each through
/// `WebhookSender`, and records the outcome: acknowledged, rescheduled with backoff, or given up after
/// `webhooks.max_age`.
///
/// It exists so that event delivery runs beside mail delivery under the same lifecycle, and so that a receiver that is
/// down costs nothing but a retry schedule: the outbox keeps every event durably until it is acknowledged or given up,
/// and the store's claim rule keeps the events of one message in order for each webhook.
final class WebhookDispatcher: Service, Sendable {
    let store: any QueueStore
    let sender: WebhookSender
    let configuration: WebhooksConfiguration
    let gracePeriod: Duration
    let logger: Logger
    private let wake = WakeSignal()
    private let busy = Mutex(0)

    init(
        store: any QueueStore, sender: WebhookSender, configuration: WebhooksConfiguration, gracePeriod: Duration,
        logger: Logger
    ) {
        self.store = store
        self.sender = sender
        self.configuration = configuration
        self.gracePeriod = gracePeriod
        self.logger = logger
    }

    var policy: WebhookRetryPolicy {
        WebhookRetryPolicy(
            initial: configuration.retryInitial, maximum: configuration.retryMax, maxAge: configuration.maxAge)
    }

    /// How long a claimed entry stays leased: long enough for every hop of one attempt, twice over. An attempt cut off
    /// by a crash is sent again once the lease ends; receivers deduplicate on the event id.
    var lease: Duration { configuration.timeout * (configuration.maxRedirects + 1) * 2 }

    func run() async throws {
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { tasks in
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    if !(await cycle(tasks: &tasks)) {
                        await wake.wait(timeout: configuration.pollInterval)
                    }
                }
                await drain()
                tasks.cancelAll()
            }
        } onGracefulShutdown: {
            self.wake.signal()
        }
    }

    /// One pass: give up what is too old, then claim within the free slots and start the requests. True when every
    /// free slot was filled (there may be more to claim at once).
    private func cycle(tasks: inout DiscardingTaskGroup) async -> Bool {
        let free = configuration.concurrency - busy.withLock { $0 }
        guard free > 0 else { return false }
        let now = Date()
        let claimed: [WebhookDelivery]
        do {
            // A read first: an idle node with nothing owed takes no write lock.
            guard try await store.pendingWebhookDeliveries() > 0 else { return false }
            await giveUpOld(now: now)
            claimed = try await store.claimWebhookDeliveries(
                now: now, limit: free, leaseUntil: now.addingTimeInterval(lease.timeInterval))
        } catch {
            logger.error("webhook claim failed", metadata: ["error": "\(error)"])
            return false
        }
        for delivery in claimed {
            busy.withLock { $0 += 1 }
            tasks.addTask {
                await self.deliver(delivery)
                self.busy.withLock { $0 -= 1 }
                self.wake.signal()
            }
        }
        return claimed.count == free
    }

    /// Sends one entry and records what happened.
    private func deliver(_ delivery: WebhookDelivery) async {
        let outcome = await sender.send(delivery, now: Date())
        let now = Date()
        var metadata: Logger.Metadata = [
            "webhook": "\(delivery.webhookID)", "event": "\(delivery.event.id)", "type": "\(delivery.event.type)",
            "id": "\(delivery.event.recipient.messageID)", "attempt": "\(delivery.attempts)",
        ]
        do {
            switch outcome {
            case .acknowledged(let status):
                try await store.markWebhookDelivered(delivery.id, now: now)
                metadata["status"] = "\(status)"
                logger.info("webhook delivered", metadata: metadata)
            case .failed(let reason), .refused(let reason):
                let refused = if case .refused = outcome { true } else { false }
                metadata["error"] = "\(reason)"
                var generator = SystemRandomNumberGenerator()
                switch policy.afterFailure(
                    attempts: delivery.attempts, createdAt: delivery.event.time, now: now, using: &generator)
                {
                case .retry(let at):
                    try await store.rescheduleWebhookDelivery(delivery.id, nextAttemptAt: at, error: reason, now: now)
                    metadata["retry_at"] = "\(InternetDate.rfc3339(at))"
                    logger.warning(refused ? "webhook refused" : "webhook attempt failed", metadata: metadata)
                case .giveUp:
                    try await store.giveUpWebhookDelivery(delivery.id, error: reason, now: now)
                    logger.error(
                        refused ? "webhook refused; event given up" : "webhook event given up", metadata: metadata)
                }
            }
        } catch {
            metadata["error"] = "\(error)"
            logger.error("recording a webhook outcome failed", metadata: metadata)
        }
    }

    /// Gives up events older than `webhooks.max_age` that are still waiting (behind an earlier event of their message,
    /// or for their next attempt).
    private func giveUpOld(now: Date) async {
        do {
            let cutoff = now.addingTimeInterval(-configuration.maxAge.timeInterval)
            let given = try await store.giveUpWebhookDeliveries(happenedBefore: cutoff, now: now, limit: 1000)
            for delivery in given {
                logger.error(
                    "webhook event given up",
                    metadata: [
                        "webhook": "\(delivery.webhookID)", "event": "\(delivery.event.id)",
                        "type": "\(delivery.event.type)", "id": "\(delivery.event.recipient.messageID)",
                        "error": "older than webhooks.max_age",
                    ])
            }
        } catch {
            logger.error("giving up old webhook events failed", metadata: ["error": "\(error)"])
        }
    }

    /// On shutdown: waits for requests in flight up to the grace period; what is cut off is sent again after a restart.
    private func drain() async {
        let deadline = ContinuousClock.now + gracePeriod
        while ContinuousClock.now < deadline, busy.withLock({ $0 }) > 0 {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
