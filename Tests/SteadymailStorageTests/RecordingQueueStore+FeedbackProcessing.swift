import Foundation
import SteadymailDomain
import SteadymailStorage

/// The feedback processing part of the store, passed through unchanged.
extension RecordingQueueStore {
    func campaignMessageSent(campaign: Int64, subscriber: Int64) async throws -> Bool {
        try await inner.campaignMessageSent(campaign: campaign, subscriber: subscriber)
    }

    func messageOrigin(_ id: QueueID) async throws -> MessageOrigin? { try await inner.messageOrigin(id) }

    func softBounceCampaigns(subscriber: Int64?, email: String) async throws -> Int {
        try await inner.softBounceCampaigns(subscriber: subscriber, email: email)
    }

    func unprocessedFeedback(limit: Int) async throws -> [StoredFeedback] {
        try await inner.unprocessedFeedback(limit: limit)
    }

    func markFeedbackProcessed(ids: [Int64]) async throws { try await inner.markFeedbackProcessed(ids: ids) }
}
