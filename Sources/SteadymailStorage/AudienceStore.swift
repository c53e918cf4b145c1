import Foundation
import SteadymailDomain

/// The storage contract for lists, subscribers, their subscriptions and the suppression list, a part of `QueueStore`.
///
/// It exists as its own protocol so that the audience half of the store reads as one piece; every backend implements
/// it as part of `QueueStore` and passes the same conformance tests. Addresses given to it are already normalised
/// (`SubscriberEmail`).
public protocol AudienceStore: Sendable {
    /// Creates a list and returns it with its id; a list of the same name is a `StorageError.conflict`.
    func createList(name: String, optIn: OptIn, description: String, now: Date) async throws -> MailingList

    /// Every list, by name.
    func lists() async throws -> [MailingList]

    /// One list by name; nil when unknown.
    func list(named name: String) async throws -> MailingList?

    /// Deletes a list with its subscriptions (the subscribers stay); false when unknown.
    func deleteList(id: Int64) async throws -> Bool

    /// Subscriber counts of each list by subscription status, by list id.
    func listSizes() async throws -> [Int64: [SubscriptionStatus: Int]]

    /// Writes a batch of subscribers in one transaction: a new address is inserted, a known one updated (name when
    /// given, attributes merged key by key, status only with `overwriteStatus`), and when `listID` is set each written
    /// subscriber is subscribed to it with `subscriptionStatus` unless already subscribed (an existing subscription
    /// keeps its status, so an import never re-subscribes someone who left). A suppressed address or a second row for
    /// an address already in the batch is skipped with its reason. All or nothing: a failure writes no row.
    func upsertSubscribers(
        _ rows: [SubscriberUpsert], listID: Int64?, subscriptionStatus: SubscriptionStatus, now: Date
    ) async throws -> UpsertSummary

    /// One subscriber by normalised address; nil when unknown.
    func subscriber(email: String) async throws -> Subscriber?

    /// One subscriber by id; nil when unknown.
    func subscriber(id: Int64) async throws -> Subscriber?

    /// Sets a subscriber's status; false when unknown.
    func setSubscriberStatus(id: Int64, status: SubscriberStatus, now: Date) async throws -> Bool

    /// The lists a subscriber is on, with the subscription status, by list name.
    func subscriptions(of subscriberID: Int64) async throws -> [Subscription]

    /// Sets the status of one subscription, creating it when absent; false when the subscriber or list is unknown.
    func setSubscription(subscriberID: Int64, listID: Int64, status: SubscriptionStatus, now: Date) async throws
        -> Bool

    /// Subscribers matching `query`, by id, at most `query.limit`, after `query.afterID` (paging).
    func subscribers(matching query: SubscriberQuery) async throws -> [Subscriber]

    /// Confirms a subscription that is `unconfirmed` (double opt-in); true when it is now `confirmed` (also when it
    /// already was), false when it does not exist or the subscriber left the list meanwhile.
    func confirmSubscription(subscriberID: Int64, listID: Int64, now: Date) async throws -> Bool

    /// Deletes a subscriber with their subscriptions (erasure on request); false when unknown.
    func deleteSubscriber(id: Int64) async throws -> Bool

    /// The suppression entry of an address; nil when it is not suppressed.
    func suppression(email: String) async throws -> Suppression?

    /// Adds or replaces the suppression entry of an address.
    func suppress(_ entry: Suppression) async throws

    /// Suppression entries matching `query`, by address (byte order), at most `query.limit`.
    func suppressions(matching query: SuppressionQuery) async throws -> [Suppression]

    /// Takes an address off the suppression list; false when it was not on it.
    func removeSuppression(email: String) async throws -> Bool

    /// How many addresses are suppressed for each reason (reasons with none are absent).
    func suppressionCounts() async throws -> [SuppressionReason: Int]
}
