import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func subscribersArePagedByIDAndFiltered(_ store: any QueueStore) async throws {
        let news = try await store.createList(name: "news", optIn: .single, description: "", now: at(0))
        _ = try await store.upsertSubscribers(
            (0..<5).map { SubscriberUpsert(email: "s\($0)@example.org", status: $0 == 3 ? .blocklisted : nil) },
            listID: nil, subscriptionStatus: .confirmed, now: at(1))
        _ = try await store.upsertSubscribers(
            [SubscriberUpsert(email: "s1@example.org"), SubscriberUpsert(email: "s3@example.org")], listID: news.id,
            subscriptionStatus: .confirmed, now: at(2))
        let first = try await store.subscribers(matching: SubscriberQuery(limit: 2))
        #expect(first.map(\.email) == ["s0@example.org", "s1@example.org"])
        let next = try await store.subscribers(matching: SubscriberQuery(afterID: first[1].id, limit: 10))
        #expect(next.map(\.email) == ["s2@example.org", "s3@example.org", "s4@example.org"])
        #expect(
            try await store.subscribers(matching: SubscriberQuery(listID: news.id)).map(\.email) == [
                "s1@example.org", "s3@example.org",
            ])
        #expect(
            try await store.subscribers(matching: SubscriberQuery(listID: news.id, status: .blocklisted)).map(\.email)
                == ["s3@example.org"])
        #expect(try await store.subscribers(matching: SubscriberQuery(listID: news.id + 1)).isEmpty)
    }

    static func confirmingASubscription(_ store: any QueueStore) async throws {
        let list = try await store.createList(name: "vip", optIn: .double, description: "", now: at(0))
        let summary = try await store.upsertSubscribers(
            [SubscriberUpsert(email: "a@example.org"), SubscriberUpsert(email: "b@example.org")], listID: list.id,
            subscriptionStatus: .unconfirmed, now: at(1))
        let a = try #require(summary.subscriberIDs[0])
        let b = try #require(summary.subscriberIDs[1])
        #expect(try await store.confirmSubscription(subscriberID: a, listID: list.id, now: at(2)))
        let confirmed = try await store.subscriptions(of: a)
        #expect(confirmed.map(\.status) == [.confirmed] && confirmed.first?.updatedAt == at(2))
        // Following the link twice is harmless and keeps the first confirmation's time.
        #expect(try await store.confirmSubscription(subscriberID: a, listID: list.id, now: at(3)))
        #expect(try await store.subscriptions(of: a).first?.updatedAt == at(2))
        // Someone who left the list meanwhile is not put back by an old link.
        _ = try await store.setSubscription(subscriberID: b, listID: list.id, status: .unsubscribed, now: at(4))
        #expect(try await !store.confirmSubscription(subscriberID: b, listID: list.id, now: at(5)))
        #expect(try await store.subscriptions(of: b).map(\.status) == [.unsubscribed])
        #expect(try await !store.confirmSubscription(subscriberID: a, listID: list.id + 1, now: at(5)))
        #expect(try await !store.confirmSubscription(subscriberID: 999, listID: list.id, now: at(5)))
    }

    static func upsertWithoutOverwriteOnlyFillsAnEmptyName(_ store: any QueueStore) async throws {
        _ = try await store.upsertSubscribers(
            [
                SubscriberUpsert(email: "a@example.org", name: "Ada", attributes: ["gone": .null, "x": .bool(true)]),
                SubscriberUpsert(email: "b@example.org"),
            ], listID: nil, subscriptionStatus: .confirmed, now: at(1))
        // A null attribute means "no such key", for a new subscriber as for a known one.
        #expect(try await store.subscriber(email: "a@example.org")?.attributes == ["x": .bool(true)])
        _ = try await store.upsertSubscribers(
            [
                SubscriberUpsert(email: "a@example.org", name: "Other", overwriteName: false),
                SubscriberUpsert(email: "b@example.org", name: "Bob", overwriteName: false),
            ], listID: nil, subscriptionStatus: .confirmed, now: at(2))
        #expect(try await store.subscriber(email: "a@example.org")?.name == "Ada")
        #expect(try await store.subscriber(email: "b@example.org")?.name == "Bob")
        _ = try await store.upsertSubscribers(
            [SubscriberUpsert(email: "a@example.org", name: "Ada L.")], listID: nil, subscriptionStatus: .confirmed,
            now: at(3))
        #expect(try await store.subscriber(email: "a@example.org")?.name == "Ada L.")
    }
}
