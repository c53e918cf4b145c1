import Foundation
import SteadymailDomain

/// The storage contract the feedback processor needs beyond storing events, a part of `QueueStore`.
///
/// It exists so that the processor can place a report (which campaign, subscriber and relay a message belonged to,
/// whether a campaign ever mailed a subscriber), apply the soft-bounce rule over stored events, and finish events
/// whose effects are not applied yet (a stored event is `unprocessed` until the processor marks it, so a crash between
/// storing and acting loses nothing: the processor drains what is left at start and on every tick).
public protocol FeedbackProcessingStore: Sendable {
    /// Whether the campaign queued a message for the subscriber (its ledger row names a message).
    func campaignMessageSent(campaign: Int64, subscriber: Int64) async throws -> Bool

    /// The campaign, subscriber and last relay of a queued message; nil when the message is unknown.
    func messageOrigin(_ id: QueueID) async throws -> MessageOrigin?

    /// How many distinct campaigns sent soft bounces for the subscriber (or, with `subscriber` nil, for `email`);
    /// each soft bounce without a campaign counts on its own.
    func softBounceCampaigns(subscriber: Int64?, email: String) async throws -> Int

    /// Up to `limit` stored events whose effects were not applied yet, oldest first.
    func unprocessedFeedback(limit: Int) async throws -> [StoredFeedback]

    /// Marks events as processed.
    func markFeedbackProcessed(ids: [Int64]) async throws
}

/// Where a queued message came from: the campaign and subscriber it was sent to, and the relay that last carried it.
public struct MessageOrigin: Sendable, Equatable {
    public var campaignID: Int64?
    public var subscriberID: Int64?
    public var relay: String?

    public init(campaignID: Int64?, subscriberID: Int64?, relay: String?) {
        self.campaignID = campaignID
        self.subscriberID = subscriberID
        self.relay = relay
    }
}

/// A stored feedback event with its id.
public struct StoredFeedback: Sendable, Equatable {
    public var id: Int64
    public var event: FeedbackEvent

    public init(id: Int64, event: FeedbackEvent) {
        self.id = id
        self.event = event
    }
}
