import Foundation
import SteadymailStorage

/// The reputation part of the store, passed through unchanged.
extension RecordingQueueStore {
    func reputationCounts(since: Date) async throws -> ReputationSnapshot {
        try await inner.reputationCounts(since: since)
    }
}
