import Foundation
import SteadymailDomain
import SteadymailStorage

/// The campaign report part of the store, passed through unchanged.
extension RecordingQueueStore {
    func campaignActivity(campaign: Int64) async throws -> CampaignActivity {
        try await inner.campaignActivity(campaign: campaign)
    }

    func campaignHours(campaign: Int64, from: Date, to: Date) async throws -> [CampaignHour] {
        try await inner.campaignHours(campaign: campaign, from: from, to: to)
    }

    func campaignDelays(campaign: Int64, windows: [ImpactWindow], now: Date) async throws -> DelayStatistics {
        try await inner.campaignDelays(campaign: campaign, windows: windows, now: now)
    }
}
