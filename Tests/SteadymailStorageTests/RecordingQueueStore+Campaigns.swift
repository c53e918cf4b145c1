import Foundation
import SteadymailDomain
import SteadymailStorage

/// The campaign part of the store, passed through unchanged.
extension RecordingQueueStore {
    func createCampaign(_ campaign: NewCampaign, now: Date) async throws -> CampaignRecord {
        try await inner.createCampaign(campaign, now: now)
    }

    func campaign(id: Int64) async throws -> CampaignRecord? { try await inner.campaign(id: id) }

    func campaigns(states: Set<CampaignState>?) async throws -> [CampaignRecord] {
        try await inner.campaigns(states: states)
    }

    func deleteDraftCampaign(id: Int64) async throws -> Bool { try await inner.deleteDraftCampaign(id: id) }

    func setCampaignState(id: Int64, to state: CampaignState, note: String?, sendAt: Date?, now: Date) async throws
        -> Bool
    {
        try await inner.setCampaignState(id: id, to: state, note: note, sendAt: sendAt, now: now)
    }

    func snapshotAudience(campaign id: Int64, segment: SegmentExpression?, now: Date) async throws -> Int {
        try await inner.snapshotAudience(campaign: id, segment: segment, now: now)
    }

    func pendingRecipients(campaign id: Int64, limit: Int) async throws -> [PendingRecipient] {
        try await inner.pendingRecipients(campaign: id, limit: limit)
    }

    func enqueueCampaignMessages(campaign id: Int64, _ messages: [CampaignMessage], skips: [CampaignSkip], now: Date)
        async throws
    {
        try await inner.enqueueCampaignMessages(campaign: id, messages, skips: skips, now: now)
    }

    func expirePending(campaign id: Int64, now: Date) async throws -> Int {
        try await inner.expirePending(campaign: id, now: now)
    }

    func cancelPending(campaign id: Int64, now: Date) async throws -> Int {
        try await inner.cancelPending(campaign: id, now: now)
    }

    func campaignWaiting(campaign id: Int64) async throws -> Int { try await inner.campaignWaiting(campaign: id) }

    func campaignProgress(campaign id: Int64) async throws -> CampaignProgress {
        try await inner.campaignProgress(campaign: id)
    }
}
