import ArgumentParser
import Foundation
import SteadymailSQLite
import SteadymailStorage

/// `steadymail-bench time`: times the store operations the delivery loop and `steadymail queue` depend on, directly
/// on a queue database, with no server running.
///
/// Each claim leases `--limit` due recipients as delivery does; when all rounds are done the leases are handed back,
/// so the queue is as before (plus one event per recipient claimed).
struct TimeStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "time", abstract: "Time claims, counts and timer queries on a queue database.")

    @Option(help: "The SQLite queue database.") var database: String
    @Option(help: "Recipients per claim (delivery.claim_batch).") var limit = 50
    @Option(help: "How many times to run each operation.") var rounds = 10

    func validate() throws {
        guard limit > 0, rounds > 0 else { throw ValidationError("--limit and --rounds must be positive") }
    }

    func run() async throws {
        let store = try SQLiteQueueStore(path: database, busyTimeout: .seconds(30))
        let owner = "bench/\(ProcessInfo.processInfo.processIdentifier)"
        var claimed = 0
        let claim = try await milliseconds {
            let now = Date()
            claimed += try await store.claim(
                now: now, limit: limit, owner: owner, leaseUntil: now.addingTimeInterval(300)
            ).count
        }
        _ = try await store.releaseLeases(ownerPrefix: owner, now: Date(), reason: .shutdown)
        let counts = try await milliseconds { _ = try await store.counts() }
        let timers = try await milliseconds {
            _ = try await store.nextAttemptTime()
            _ = try await store.nextExpiryTime(maxAge: .seconds(5 * 86400))
        }
        let total = try await store.counts().total
        try store.close()
        printJSON([
            "recipients": Double(total), "claimed_per_round": Double(claimed) / Double(rounds),
            "claim_ms_median": median(claim), "claim_ms_max": claim.max() ?? 0,
            "counts_ms_median": median(counts), "timers_ms_median": median(timers),
        ])
    }

    private func milliseconds(_ operation: () async throws -> Void) async throws -> [Double] {
        var samples: [Double] = []
        for _ in 0..<rounds {
            let started = ContinuousClock.now
            try await operation()
            samples.append((ContinuousClock.now - started).seconds * 1000)
        }
        return samples
    }

    private func median(_ samples: [Double]) -> Double {
        samples.isEmpty ? 0 : samples.sorted()[samples.count / 2]
    }
}
