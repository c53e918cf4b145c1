import Foundation
import SteadymailDomain

/// The storage contract for bounces, complaints and unsubscribes from every source, a part of `QueueStore` (table
/// `feedback_events`).
///
/// It exists so that the feedback processor, the soft-bounce rule, the reputation guard and the campaign report
/// read one record of what recipients and their mailbox providers said.
public protocol FeedbackStore: Sendable {
    /// Stores one event and returns its id; nil when an event with the same `dedupeKey` is stored already (and
    /// nothing is written).
    func insertFeedback(_ event: FeedbackEvent) async throws -> Int64?

    /// How many events of each kind a campaign has.
    func feedbackCounts(campaign: Int64) async throws -> [FeedbackKind: Int]
}
