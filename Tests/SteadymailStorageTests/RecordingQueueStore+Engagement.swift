import Foundation
import SteadymailDomain
import SteadymailStorage

/// The tracking part of the store, passed through unchanged.
extension RecordingQueueStore {
    func recordEngagement(_ hits: [EngagementHit]) async throws { try await inner.recordEngagement(hits) }

    func engagementSummary(campaign: Int64) async throws -> EngagementSummary {
        try await inner.engagementSummary(campaign: campaign)
    }

    func engagementHours(campaign: Int64) async throws -> [EngagementHour] {
        try await inner.engagementHours(campaign: campaign)
    }
}
