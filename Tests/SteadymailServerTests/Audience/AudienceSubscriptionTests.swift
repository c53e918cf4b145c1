import Foundation
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// `Audience.subscribe` and `Audience.unsubscribe`: a known subscriber onto more lists and off one.
extension AudienceTests {
    /// Lists `news` (single opt-in), `vip` and `club` (double), and `ada@example.org` on `news`.
    func withAda(
        publicURL: String? = "https://news.example.org",
        _ body: (Audience, SQLiteQueueStore) async throws -> Void
    ) async throws {
        try await withAudience(publicURL: publicURL) { audience, store, _ in
            _ = try await audience.createList(name: "news", optIn: .single, description: "")
            _ = try await audience.createList(name: "vip", optIn: .double, description: "")
            _ = try await audience.createList(name: "club", optIn: .double, description: "")
            _ = try await audience.add(
                email: "ada@example.org", name: "Ada", attributes: [:], lists: ["news"], status: nil,
                preconfirm: false)
            try await body(audience, store)
        }
    }

    /// Ada's subscriptions by list name.
    func statuses(_ audience: Audience) async throws -> [String: SubscriptionStatus] {
        let subscriptions = try await audience.show(email: "ada@example.org").subscriptions ?? []
        return Dictionary(uniqueKeysWithValues: subscriptions.map { ($0.list, $0.status) })
    }

    /// How many messages the queue holds (confirmation mails).
    func queuedMails(_ store: SQLiteQueueStore) async throws -> Int {
        try await store.messages(matching: MessageQuery(limit: 10)).messages.count
    }

    @Test func subscribingAKnownSubscriberAddsListsOnceAndMailsOnlyNewDoubleOptInSubscriptions() async throws {
        try await withAda { audience, store in
            let first = try await audience.subscribe(
                email: "ADA@example.org", lists: ["vip", "news", "vip"], preconfirm: false, resubscribe: false)
            #expect(first.confirmationsQueued == 1)
            #expect(try await statuses(audience) == ["news": .confirmed, "vip": .unconfirmed])
            #expect(try await queuedMails(store) == 1)
            let again = try await audience.subscribe(
                email: "ada@example.org", lists: ["vip", "news"], preconfirm: false, resubscribe: false)
            #expect(again.confirmationsQueued == 0)
            #expect(again.subscriber.subscriptions == first.subscriber.subscriptions)
            #expect(try await queuedMails(store) == 1)
            let preconfirmed = try await audience.subscribe(
                email: "ada@example.org", lists: ["club"], preconfirm: true, resubscribe: false)
            #expect(preconfirmed.confirmationsQueued == 0)
            #expect(try await statuses(audience)["club"] == .confirmed)
            #expect(try await queuedMails(store) == 1)
        }
    }

    @Test func unsubscribingLeavesOneListKeepsTheOthersAndIsIdempotent() async throws {
        try await withAda { audience, _ in
            _ = try await audience.subscribe(
                email: "ada@example.org", lists: ["vip"], preconfirm: true, resubscribe: false)
            let left = try await audience.unsubscribe(email: "ada@example.org", lists: ["vip"])
            #expect(left.subscriptions?.map(\.list) == ["news", "vip"])
            #expect(try await statuses(audience) == ["news": .confirmed, "vip": .unsubscribed])
            let again = try await audience.unsubscribe(email: "ada@example.org", lists: ["vip"])
            #expect(again.subscriptions == left.subscriptions)
            await #expect(throws: AudienceError.notFound("ada@example.org is not subscribed to club")) {
                _ = try await audience.unsubscribe(email: "ada@example.org", lists: ["news", "club"])
            }
            await #expect(throws: AudienceError.notFound("no list named nope")) {
                _ = try await audience.unsubscribe(email: "ada@example.org", lists: ["nope"])
            }
            await #expect(throws: AudienceError.notFound("no subscriber bob@example.org")) {
                _ = try await audience.unsubscribe(email: "bob@example.org", lists: ["news"])
            }
            #expect(try await statuses(audience)["news"] == .confirmed)
        }
    }

    @Test func aListTheSubscriberLeftIsTakenUpAgainOnlyWhenTheyAskedAgain() async throws {
        try await withAda { audience, store in
            _ = try await audience.subscribe(
                email: "ada@example.org", lists: ["vip"], preconfirm: true, resubscribe: false)
            _ = try await audience.unsubscribe(email: "ada@example.org", lists: ["vip"])
            do {
                _ = try await audience.subscribe(
                    email: "ada@example.org", lists: ["club", "vip"], preconfirm: false, resubscribe: false)
                Issue.record("a subscription the subscriber left was taken up again")
            } catch AudienceError.conflict(let message) {
                #expect(message.contains("vip") && message.contains("resubscribe"), "\(message)")
            }
            #expect(try await statuses(audience) == ["news": .confirmed, "vip": .unsubscribed])
            #expect(try await queuedMails(store) == 0)
            let back = try await audience.subscribe(
                email: "ada@example.org", lists: ["vip"], preconfirm: false, resubscribe: true)
            #expect(back.confirmationsQueued == 1)
            #expect(try await statuses(audience)["vip"] == .unconfirmed)
            #expect(try await queuedMails(store) == 1)
        }
    }

    @Test func subscribeRefusesBeforeAnyWrite() async throws {
        try await withAda { audience, store in
            let cases: [(String, [String], AudienceError)] = [
                ("ada@example.org", ["vip", "nope"], .unprocessable(field: "lists[1]", message: "no list named nope")),
                ("ada@example.org", [], .invalid(field: "lists", message: "name at least one list")),
                ("bob@example.org", ["vip"], .notFound("no subscriber bob@example.org")),
            ]
            for (email, lists, expected) in cases {
                do {
                    _ = try await audience.subscribe(email: email, lists: lists, preconfirm: false, resubscribe: false)
                    Issue.record("\(email) was subscribed to \(lists)")
                } catch let error as AudienceError {
                    #expect(error == expected)
                }
            }
            #expect(try await statuses(audience) == ["news": .confirmed])
            #expect(try await queuedMails(store) == 0)
        }
    }

    @Test func withoutAPublicURLSubscribingToADoubleOptInListIsRefusedButPreconfirmWorks() async throws {
        try await withAda(publicURL: nil) { audience, _ in
            await #expect(throws: AudienceError.self) {
                _ = try await audience.subscribe(
                    email: "ada@example.org", lists: ["club", "vip"], preconfirm: false, resubscribe: false)
            }
            #expect(try await statuses(audience) == ["news": .confirmed])
            _ = try await audience.subscribe(
                email: "ada@example.org", lists: ["vip"], preconfirm: true, resubscribe: false)
            #expect(try await statuses(audience)["vip"] == .confirmed)
        }
    }

    @Test func aBlocklistedSubscriberIsSubscribedUnconfirmedWithoutMail() async throws {
        try await withAda { audience, store in
            _ = try await audience.update(
                email: "ada@example.org", name: nil, status: "blocklisted", attributes: nil)
            let subscribed = try await audience.subscribe(
                email: "ada@example.org", lists: ["vip"], preconfirm: false, resubscribe: false)
            #expect(subscribed.confirmationsQueued == 0)
            #expect(try await statuses(audience)["vip"] == .unconfirmed)
            #expect(try await queuedMails(store) == 0)
        }
    }
}
