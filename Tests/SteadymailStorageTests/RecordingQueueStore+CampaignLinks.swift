import Foundation
import SteadymailStorage

/// The stored links of click tracking, passed through unchanged.
extension RecordingQueueStore {
    func campaignLinkID(campaign: Int64, url: String) async throws -> Int64 {
        try await inner.campaignLinkID(campaign: campaign, url: url)
    }

    func campaignLink(id: Int64) async throws -> CampaignLink? { try await inner.campaignLink(id: id) }
}
