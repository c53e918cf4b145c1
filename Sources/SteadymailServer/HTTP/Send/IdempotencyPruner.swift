import Foundation
import Logging
import ServiceLifecycle
import SteadymailStorage

/// Deletes expired `Idempotency-Key` answers once at start-up and then every `interval`.
///
/// It exists so that the table of stored answers holds about one `http.idempotency_ttl` of keys instead of growing
/// forever; an expired answer is already ignored by lookups, so pruning late changes nothing a client sees. (It is a
/// candidate to fold into a general retention service.)
struct IdempotencyPruner: Service {
    let store: any QueueStore
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await prune()
                try await Task.sleep(for: interval)
            }
        }
    }

    private func prune() async {
        do {
            let removed = try await store.pruneIdempotency(before: Date())
            if removed > 0 { logger.info("pruned expired idempotency keys", metadata: ["count": "\(removed)"]) }
        } catch {
            logger.warning("pruning idempotency keys failed", metadata: ["error": "\(error)"])
        }
    }
}
