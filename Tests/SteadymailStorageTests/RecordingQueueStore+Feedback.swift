import Foundation
import SteadymailDomain
import SteadymailStorage

/// The feedback part of the store, passed through unchanged.
extension RecordingQueueStore {
    func insertFeedback(_ event: FeedbackEvent) async throws -> Int64? { try await inner.insertFeedback(event) }

    func feedbackCounts(campaign: Int64) async throws -> [FeedbackKind: Int] {
        try await inner.feedbackCounts(campaign: campaign)
    }
}
