import Foundation
import SteadymailDomain

/// The storage contract for campaigns and their per-recipient ledger, a part of `QueueStore`.
///
/// It exists as its own protocol so that the campaign half of the store reads as one piece. Its central promise is
/// `enqueueCampaignMessages`: a ledger row leaves `pending` in the same transaction as the queue insert of its
/// message, so a crash between the two cannot happen, and a subscriber is neither skipped nor mailed twice.
public protocol CampaignStore: Sendable {
    /// Stores a new campaign in `draft` with its lists and returns it; an unknown list is a `StorageError.conflict`
    /// and nothing is stored.
    func createCampaign(_ campaign: NewCampaign, now: Date) async throws -> CampaignRecord

    /// One campaign; nil when unknown.
    func campaign(id: Int64) async throws -> CampaignRecord?

    /// Every campaign, newest first; only those in `states` when given.
    func campaigns(states: Set<CampaignState>?) async throws -> [CampaignRecord]

    /// Deletes a campaign that is still a `draft`; false when unknown or not a draft.
    func deleteDraftCampaign(id: Int64) async throws -> Bool

    /// Moves a campaign to `state` when its current state may move there (`CampaignState.canMove`), recording `note`
    /// (nil keeps none), `sendAt` when given, the start time on its first move to `running` and the end time on a
    /// final state. Returns false, changing nothing, when the campaign is unknown or the move is not allowed.
    func setCampaignState(id: Int64, to state: CampaignState, note: String?, sendAt: Date?, now: Date) async throws
        -> Bool

    /// Puts every eligible subscriber into the campaign's ledger as `pending`: enabled, not suppressed, `confirmed` on
    /// at least one of the campaign's lists (once, whatever the number of lists), and matching `segment` when given.
    /// Works in short transactions over ranges of subscribers, so other writers run in between, and marks the
    /// snapshot taken in the last one. Idempotent: after a crash it is run again and adds only what is missing; once
    /// taken it adds nothing. Returns the number of pending rows.
    func snapshotAudience(campaign id: Int64, segment: SegmentExpression?, now: Date) async throws -> Int

    /// Up to `limit` pending ledger rows in subscriber order, with the subscriber as stored now.
    func pendingRecipients(campaign id: Int64, limit: Int) async throws -> [PendingRecipient]

    /// In one transaction: stores the messages exactly as `enqueue` does, each tagged with the campaign and its
    /// subscriber, moves their ledger rows `pending → enqueued` with the message id, and the skipped ones `pending →
    /// skipped` with the reason. Fails with `StorageError.conflict`, writing nothing, when any row is no longer pending
    /// or the campaign is not `running`.
    func enqueueCampaignMessages(campaign id: Int64, _ messages: [CampaignMessage], skips: [CampaignSkip], now: Date)
        async throws

    /// Moves every pending ledger row of the campaign to `expired` (reason `deadline`); returns how many.
    func expirePending(campaign id: Int64, now: Date) async throws -> Int

    /// Moves every pending ledger row of the campaign to `cancelled`; returns how many.
    func cancelPending(campaign id: Int64, now: Date) async throws -> Int

    /// How many of the campaign's queued copies are not final yet (queued, deferred, in flight, held). Reads an index
    /// of the unfinished campaign messages only.
    func campaignWaiting(campaign id: Int64) async throws -> Int

    /// The campaign's ledger by state and its queued copies by recipient state, in one read.
    func campaignProgress(campaign id: Int64) async throws -> CampaignProgress
}
