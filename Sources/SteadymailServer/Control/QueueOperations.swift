import Foundation
import Logging
import SteadymailDomain
import SteadymailStorage

/// An operator's changes to the queue of a running server: retry, hold, release and delete the recipients a
/// selector matches.
///
/// It exists so that every operation, whichever front door asks for it, is logged the same way (one notice naming the
/// operation, the selector and the count; one line per deleted recipient), wakes the delivery loop when it made mail
/// due, and leaves in-flight recipients to their delivery attempt. A deletion sends no delivery status notification:
/// like Postfix's `postsuper -d`, it is the operator's decision, not a delivery failure the sender must hear about.
public struct QueueOperations: Sendable {
    let store: any QueueStore
    let wake: WakeSignal
    let metrics: SteadymailMetrics
    let logger: Logger

    public init(store: any QueueStore, wake: WakeSignal, metrics: SteadymailMetrics, logger: Logger) {
        self.store = store
        self.wake = wake
        self.metrics = metrics
        self.logger = logger
    }

    /// What an operation changed, and how many selected recipients it left alone because they were in flight.
    public struct Outcome: Sendable, Equatable {
        public var changed: Int
        public var inFlight: Int
    }

    /// Makes the selected deferred recipients due now.
    public func retry(_ selector: RecipientSelector) async throws -> Int {
        let count = try await store.retryNow(selector, now: Date())
        wake.signal()
        log("retry", selector, count: count)
        return count
    }

    /// Holds the selected queued and deferred recipients.
    public func hold(_ selector: RecipientSelector) async throws -> Outcome {
        let held = try await store.hold(selector, now: Date())
        let outcome = Outcome(changed: held, inFlight: try await inFlight(selector))
        log("hold", selector, count: held, inFlight: outcome.inFlight)
        return outcome
    }

    /// Releases the selected held recipients, due at once.
    public func release(_ selector: RecipientSelector) async throws -> Int {
        let count = try await store.release(selector, now: Date())
        wake.signal()
        log("release", selector, count: count)
        return count
    }

    /// Deletes (expires with reason `deleted`) the selected queued, deferred and held recipients.
    public func delete(_ selector: RecipientSelector) async throws -> Outcome {
        let deleted = try await store.delete(selector, now: Date())
        ExpiryRecord.record(deleted, metrics: metrics, logger: logger)
        let outcome = Outcome(changed: deleted.count, inFlight: try await inFlight(selector))
        log("delete", selector, count: deleted.count, inFlight: outcome.inFlight)
        return outcome
    }

    private func inFlight(_ selector: RecipientSelector) async throws -> Int {
        try await store.counts(of: selector)[.inFlight] ?? 0
    }

    private func log(_ operation: String, _ selector: RecipientSelector, count: Int, inFlight: Int? = nil) {
        var metadata: Logger.Metadata = [
            "operation": "\(operation)", "selector": "\(selector)", "recipients": "\(count)",
        ]
        if let inFlight { metadata["in_flight"] = "\(inFlight)" }
        logger.notice("queue operation", metadata: metadata)
    }
}
