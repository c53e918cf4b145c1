import Foundation
import Logging
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage
import Synchronization

/// Removes finished mail as the `retention:` section says, and gives the freed space back to the file system.
///
/// It exists so that the database of a busy node stays flat without a maintenance window. Every `interval` one pass
/// deletes the messages finished longer ago than `events` (recipients and events with them), then empties the bodies
/// of those finished longer ago than `bodies`, `batch` messages per transaction so that intake's commits run in
/// between, then deletes the expired answers of the HTTP API's `Idempotency-Key`s, then takes one incremental vacuum
/// step of `vacuumPages`. Rows go first so that no body is emptied just before its message is deleted. Which messages
/// qualify is `RetentionPolicy`'s rule; the store selects by its cutoffs.
public final class RetentionService: Service, Sendable {
    /// What one pass removed and gave back.
    public struct Report: Sendable, Equatable {
        public var messages = 0
        public var bodies = 0
        /// Expired idempotency answers deleted.
        public var idempotencyKeys = 0
        public var pages = 0
    }

    let store: any QueueStore
    let logger: Logger
    private let settings: Mutex<RetentionConfiguration>

    public init(store: any QueueStore, configuration: RetentionConfiguration, logger: Logger) {
        self.store = store
        self.settings = Mutex(configuration)
        self.logger = logger
    }

    /// The `retention:` section in force; a configuration reload replaces it between passes.
    var configuration: RetentionConfiguration { settings.withLock { $0 } }

    /// Applies a reloaded `retention:` section from the next pass on.
    func reconfigure(_ configuration: RetentionConfiguration) {
        settings.withLock { $0 = configuration }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: self.configuration.interval)
                await self.logPass()
            }
        }
    }

    /// Runs one pass and logs it: an info line when it removed or gave back anything, a debug line otherwise.
    private func logPass() async {
        let started = ContinuousClock.now
        do {
            let report = try await pass(now: Date())
            let metadata: Logger.Metadata = [
                "messages": "\(report.messages)", "bodies": "\(report.bodies)",
                "idempotency_keys": "\(report.idempotencyKeys)", "vacuumed_pages": "\(report.pages)",
                "ms": "\((ContinuousClock.now - started).milliseconds)",
            ]
            if report == Report() {
                logger.debug("retention pass", metadata: metadata)
            } else {
                logger.info("retention pass", metadata: metadata)
            }
        } catch is CancellationError {
            return
        } catch {
            logger.error("retention pass failed", metadata: ["error": "\(error)"])
        }
    }

    /// One pass at `now`; stops between batches when the task is cancelled (graceful shutdown).
    func pass(now: Date) async throws -> Report {
        let settings = configuration
        let policy = RetentionPolicy(bodies: settings.bodies, events: settings.events)
        let rowsCutoff = policy.rowsCutoff(now: now)
        let bodyCutoff = policy.bodyCutoff(now: now)
        var report = Report()
        report.messages = try await inBatches(of: settings.batch) {
            try await self.store.pruneMessages(finishedBefore: rowsCutoff, limit: settings.batch)
        }
        report.bodies = try await inBatches(of: settings.batch) {
            try await self.store.pruneBodies(finishedBefore: bodyCutoff, limit: settings.batch, now: now)
        }
        try Task.checkCancellation()
        report.idempotencyKeys = try await store.pruneIdempotency(before: now)
        try Task.checkCancellation()
        report.pages = try await store.reclaimSpace(pages: settings.vacuumPages)
        return report
    }

    /// Repeats `step` (one transaction of at most `batch` messages) until it does less than a full batch.
    private func inBatches(of batch: Int, _ step: @Sendable () async throws -> Int) async throws -> Int {
        var total = 0
        while true {
            try Task.checkCancellation()
            let done = try await step()
            total += done
            guard done >= batch else { return total }
            await Task.yield()
        }
    }
}

extension Duration {
    /// Whole milliseconds, for log lines.
    fileprivate var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
