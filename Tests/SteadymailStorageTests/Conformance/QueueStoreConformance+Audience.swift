import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func listsAreKeptByName(_ store: any QueueStore) async throws {
        let news = try await store.createList(name: "news", optIn: .single, description: "weekly", now: at(0))
        let vip = try await store.createList(name: "vip", optIn: .double, description: "", now: at(1))
        #expect(news.id != vip.id)
        await #expect(throws: StorageError.self) {
            _ = try await store.createList(name: "news", optIn: .double, description: "", now: at(2))
        }
        #expect(try await store.lists() == [news, vip])
        #expect(try await store.list(named: "vip") == vip)
        #expect(try await store.list(named: "nope") == nil)
        #expect(try await store.deleteList(id: news.id))
        #expect(try await !store.deleteList(id: news.id))
        #expect(try await store.lists().map(\.name) == ["vip"])
    }

    static func upsertInsertsUpdatesAndSubscribes(_ store: any QueueStore) async throws {
        let list = try await store.createList(name: "news", optIn: .double, description: "", now: at(0))
        let first = try await store.upsertSubscribers(
            [
                SubscriberUpsert(email: "ada@example.org", name: "Ada", attributes: ["city": .string("London")]),
                SubscriberUpsert(email: "bob@example.org", attributes: ["age": .number(40)], status: .blocklisted),
            ], listID: list.id, subscriptionStatus: .unconfirmed, now: at(1))
        #expect(first.inserted == 2 && first.updated == 0 && first.skipped.isEmpty)
        let ada = try #require(try await store.subscriber(email: "ada@example.org"))
        #expect(ada.name == "Ada" && ada.status == .enabled && ada.attributes == ["city": .string("London")])
        #expect(first.subscriberIDs == [ada.id, try await store.subscriber(email: "bob@example.org")?.id])
        #expect(try await store.subscriber(id: ada.id) == ada)
        #expect(try await store.subscriptions(of: ada.id).map(\.status) == [.unconfirmed])

        // A second import updates: the name when given, attributes merged, status kept unless overwritten, and an
        // existing subscription keeps its status.
        _ = try await store.setSubscription(subscriberID: ada.id, listID: list.id, status: .unsubscribed, now: at(2))
        let second = try await store.upsertSubscribers(
            [
                SubscriberUpsert(email: "ada@example.org", attributes: ["age": .number(36)], status: .enabled),
                SubscriberUpsert(email: "bob@example.org", name: "Bob", status: .enabled, overwriteStatus: true),
                SubscriberUpsert(email: "cy@example.org"),
            ], listID: list.id, subscriptionStatus: .confirmed, now: at(3))
        #expect(second.inserted == 1 && second.updated == 2)
        let updated = try #require(try await store.subscriber(email: "ada@example.org"))
        #expect(updated.name == "Ada")
        #expect(updated.attributes == ["city": .string("London"), "age": .number(36)])
        #expect(updated.updatedAt == at(3) && updated.createdAt == at(1))
        #expect(try await store.subscriptions(of: ada.id).map(\.status) == [.unsubscribed])
        let bob = try #require(try await store.subscriber(email: "bob@example.org"))
        #expect(bob.name == "Bob" && bob.status == .enabled)
        let cy = try #require(try await store.subscriber(email: "cy@example.org"))
        #expect(try await store.subscriptions(of: cy.id).map(\.status) == [.confirmed])
        #expect(try await store.listSizes()[list.id] == [.unsubscribed: 1, .unconfirmed: 1, .confirmed: 1])
    }

    static func upsertSkipsDuplicatesAndSuppressed(_ store: any QueueStore) async throws {
        try await store.suppress(Suppression(email: "gone@example.org", reason: .hardBounce, createdAt: at(0)))
        let summary = try await store.upsertSubscribers(
            [
                SubscriberUpsert(email: "a@example.org"), SubscriberUpsert(email: "gone@example.org"),
                SubscriberUpsert(email: "a@example.org", name: "again"),
            ], listID: nil, subscriptionStatus: .confirmed, now: at(1))
        #expect(summary.inserted == 1)
        #expect(summary.skipped.map(\.index) == [1, 2])
        #expect(summary.skipped.map(\.reason) == [.suppressed, .duplicate])
        #expect(summary.subscriberIDs.compactMap { $0 }.count == 1)
        #expect(try await store.subscriber(email: "gone@example.org") == nil)
        #expect(try await store.subscriber(email: "a@example.org")?.name == "")
        #expect(try await store.suppression(email: "gone@example.org")?.reason == .hardBounce)
        #expect(try await store.suppression(email: "a@example.org") == nil)
    }

    static func upsertIntoUnknownListWritesNothing(_ store: any QueueStore) async throws {
        await #expect(throws: StorageError.self) {
            _ = try await store.upsertSubscribers(
                [SubscriberUpsert(email: "a@example.org")], listID: 999, subscriptionStatus: .confirmed, now: at(0))
        }
        #expect(try await store.subscriber(email: "a@example.org") == nil)
    }

    static func subscriberStatusSubscriptionAndErasure(_ store: any QueueStore) async throws {
        let list = try await store.createList(name: "news", optIn: .single, description: "", now: at(0))
        let id = try #require(
            try await store.upsertSubscribers(
                [SubscriberUpsert(email: "a@example.org")], listID: nil, subscriptionStatus: .confirmed, now: at(0)
            ).subscriberIDs.first ?? nil)
        #expect(try await store.setSubscriberStatus(id: id, status: .bounced, now: at(5)))
        #expect(try await store.subscriber(id: id)?.status == .bounced)
        #expect(try await !store.setSubscriberStatus(id: 999, status: .bounced, now: at(5)))
        #expect(try await store.setSubscription(subscriberID: id, listID: list.id, status: .confirmed, now: at(6)))
        #expect(try await !store.setSubscription(subscriberID: id, listID: 999, status: .confirmed, now: at(6)))
        #expect(try await store.subscriptions(of: id).map(\.listName) == ["news"])
        #expect(try await store.deleteSubscriber(id: id))
        #expect(try await !store.deleteSubscriber(id: id))
        #expect(try await store.subscriber(email: "a@example.org") == nil)
        #expect(try await store.listSizes()[list.id] == nil)
    }
}
