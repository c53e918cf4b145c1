import Foundation
import SteadymailDomain
import SteadymailStorage

/// The audience part of the store, passed through unchanged.
extension RecordingQueueStore {
    func createList(name: String, optIn: OptIn, description: String, now: Date) async throws -> MailingList {
        try await inner.createList(name: name, optIn: optIn, description: description, now: now)
    }

    func lists() async throws -> [MailingList] { try await inner.lists() }

    func list(named name: String) async throws -> MailingList? { try await inner.list(named: name) }

    func deleteList(id: Int64) async throws -> Bool { try await inner.deleteList(id: id) }

    func listSizes() async throws -> [Int64: [SubscriptionStatus: Int]] { try await inner.listSizes() }

    func upsertSubscribers(
        _ rows: [SubscriberUpsert], listID: Int64?, subscriptionStatus: SubscriptionStatus, now: Date
    ) async throws -> UpsertSummary {
        try await inner.upsertSubscribers(rows, listID: listID, subscriptionStatus: subscriptionStatus, now: now)
    }

    func subscriber(email: String) async throws -> Subscriber? { try await inner.subscriber(email: email) }

    func subscriber(id: Int64) async throws -> Subscriber? { try await inner.subscriber(id: id) }

    func setSubscriberStatus(id: Int64, status: SubscriberStatus, now: Date) async throws -> Bool {
        try await inner.setSubscriberStatus(id: id, status: status, now: now)
    }

    func subscriptions(of subscriberID: Int64) async throws -> [Subscription] {
        try await inner.subscriptions(of: subscriberID)
    }

    func setSubscription(subscriberID: Int64, listID: Int64, status: SubscriptionStatus, now: Date) async throws
        -> Bool
    {
        try await inner.setSubscription(subscriberID: subscriberID, listID: listID, status: status, now: now)
    }

    func subscribers(matching query: SubscriberQuery) async throws -> [Subscriber] {
        try await inner.subscribers(matching: query)
    }

    func confirmSubscription(subscriberID: Int64, listID: Int64, now: Date) async throws -> Bool {
        try await inner.confirmSubscription(subscriberID: subscriberID, listID: listID, now: now)
    }

    func deleteSubscriber(id: Int64) async throws -> Bool { try await inner.deleteSubscriber(id: id) }

    func suppression(email: String) async throws -> Suppression? { try await inner.suppression(email: email) }

    func suppress(_ entry: Suppression) async throws { try await inner.suppress(entry) }

    func suppressions(matching query: SuppressionQuery) async throws -> [Suppression] {
        try await inner.suppressions(matching: query)
    }

    func removeSuppression(email: String) async throws -> Bool { try await inner.removeSuppression(email: email) }

    func suppressionCounts() async throws -> [SuppressionReason: Int] { try await inner.suppressionCounts() }
}
