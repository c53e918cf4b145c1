import Foundation
import Logging
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// `Audience` and `SubscriptionConfirmations` over a real store and intake pipeline.
@Suite struct AudienceTests {
    let now = Date()

    /// A store, and confirmations queued through a real pipeline; `publicURL` nil for a node without one.
    func withAudience(
        publicURL: String? = "https://news.example.org",
        _ body: (Audience, SQLiteQueueStore, SubscriptionConfirmations) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audience-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        let logger = Logger(label: "test")
        let pipeline = IntakePipeline.forTests(store: store, logger: logger)
        let confirmations = SubscriptionConfirmations(
            store: store, pipeline: pipeline, signer: LinkSigner(key: Array(repeating: 1, count: 32)),
            publicURL: publicURL, from: try Mailbox(parsing: "news@example.com"), subject: "Please confirm",
            ttl: .seconds(3600))
        try await body(Audience(store: store, confirmations: confirmations), store, confirmations)
    }

    @Test func listNamesAreCheckedAndUnique() async throws {
        try await withAudience { audience, _, _ in
            for bad in ["", "-news", "news letter", "news/2", String(repeating: "a", count: 65), "é"] {
                await #expect(throws: AudienceError.self, "\(bad)") {
                    _ = try await audience.createList(name: bad, optIn: .single, description: "")
                }
            }
            _ = try await audience.createList(name: "news.de_2-b", optIn: .double, description: "d")
            await #expect(throws: AudienceError.conflict("a list named news.de_2-b already exists")) {
                _ = try await audience.createList(name: "news.de_2-b", optIn: .single, description: "")
            }
            await #expect(throws: AudienceError.notFound("no list named nope")) {
                try await audience.removeList(named: "nope")
            }
        }
    }

    @Test func aDoubleOptInSubscriptionQueuesAMailWhoseLinkConfirmsIt() async throws {
        try await withAudience { audience, store, confirmations in
            _ = try await audience.createList(name: "vip", optIn: .double, description: "")
            _ = try await audience.createList(name: "news", optIn: .single, description: "")
            let added = try await audience.add(
                email: "Ada@Example.org", name: "Ada", attributes: [:], lists: ["vip", "news", "vip"], status: nil,
                preconfirm: false)
            #expect(added.confirmationsQueued == 1)
            #expect(added.subscriber.subscriptions?.map(\.status) == [.confirmed, .unconfirmed])
            let page = try await store.messages(matching: MessageQuery(limit: 10))
            let first = try #require(page.messages.first)
            let detail = try #require(try await store.message(first.id))
            #expect(page.messages.count == 1 && detail.priority == .transactional)
            #expect(detail.tags == ["steadymail-confirmation"] && detail.sender == "news@example.com")
            let body = String(decoding: try #require(try await store.body(of: detail.id)), as: UTF8.self)
            let link = try #require(
                body.firstMatch(
                    of: /https:\/\/news\.example\.org\/subscription\/confirm\/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)/))
            let token = String(link.1)
            #expect(confirmations.check(token: token, now: now) == nil)
            #expect(try await confirmations.confirm(token: token, now: now) == .confirmed(list: "vip"))
            #expect(
                try await audience.show(email: "ada@example.org").subscriptions?.map(\.status) == [
                    .confirmed, .confirmed,
                ])
            #expect(try await confirmations.confirm(token: token + "x", now: now) == .invalid(.badSignature))
            #expect(try await confirmations.confirm(token: token, now: now + 7200) == .invalid(.expired))
        }
    }

    @Test func preconfirmAndBlocklistedSubscribersGetNoMail() async throws {
        try await withAudience { audience, store, _ in
            _ = try await audience.createList(name: "vip", optIn: .double, description: "")
            let pre = try await audience.add(
                email: "a@example.org", name: nil, attributes: [:], lists: ["vip"], status: nil, preconfirm: true)
            let blocked = try await audience.add(
                email: "b@example.org", name: nil, attributes: [:], lists: ["vip"], status: "blocklisted",
                preconfirm: false)
            #expect(pre.subscriber.subscriptions?.map(\.status) == [.confirmed] && pre.confirmationsQueued == 0)
            #expect(blocked.subscriber.subscriptions?.map(\.status) == [.unconfirmed])
            #expect(blocked.confirmationsQueued == 0)
            #expect(try await store.messages(matching: MessageQuery(limit: 10)).messages.isEmpty)
        }
    }

    @Test func withoutAPublicURLADoubleOptInSubscriptionIsRefusedBeforeAnyWrite() async throws {
        try await withAudience(publicURL: nil) { audience, store, _ in
            _ = try await audience.createList(name: "vip", optIn: .double, description: "")
            await #expect(throws: AudienceError.self) {
                _ = try await audience.add(
                    email: "a@example.org", name: nil, attributes: [:], lists: ["vip"], status: nil,
                    preconfirm: false)
            }
            #expect(try await store.subscriber(email: "a@example.org") == nil)
        }
    }

    @Test func refusalsNameTheirField() async throws {
        try await withAudience { audience, store, _ in
            try await store.suppress(Suppression(email: "gone@example.org", reason: .hardBounce, createdAt: now))
            let cases: [(String, String?, [String], String?, AudienceError)] = [
                ("nobody", nil, [], nil, .invalid(field: "email", message: "")),
                ("a@example.org", "a\nb", [], nil, .invalid(field: "name", message: "")),
                ("a@example.org", nil, ["nope"], nil, .unprocessable(field: "lists[0]", message: "")),
                ("a@example.org", nil, [], "bounced", .invalid(field: "status", message: "")),
                ("gone@example.org", nil, [], nil, .unprocessable(field: "email", message: "")),
            ]
            for (email, name, lists, status, expected) in cases {
                do {
                    _ = try await audience.add(
                        email: email, name: name, attributes: [:], lists: lists, status: status, preconfirm: false)
                    Issue.record("\(email) was added")
                } catch let error as AudienceError {
                    #expect(Self.field(of: error) == Self.field(of: expected), "\(error)")
                }
            }
            #expect(try await store.subscribers(matching: SubscriberQuery()).isEmpty)
        }
    }

    @Test func anImportBatchWithAnAddressTheCLIWouldNotSendIsRefusedWhole() async throws {
        try await withAudience { audience, store, _ in
            _ = try await audience.createList(name: "news", optIn: .single, description: "")
            await #expect(throws: AudienceError.invalid(field: "rows[1].email", message: "not a normalised address")) {
                _ = try await audience.importBatch(
                    [ImportedSubscriber(email: "a@example.org"), ImportedSubscriber(email: "B@example.org")],
                    list: "news", overwrite: false, preconfirm: false)
            }
            #expect(try await store.subscriber(email: "a@example.org") == nil)
            let written = try await audience.importBatch(
                [ImportedSubscriber(email: "a@example.org", status: .blocklisted)], list: "news", overwrite: false,
                preconfirm: false)
            #expect(written.inserted == 1)
            #expect(try await store.subscriber(email: "a@example.org")?.status == .blocklisted)
        }
    }

    static func field(of error: AudienceError) -> String? {
        switch error {
        case .invalid(let field, _), .unprocessable(let field, _): field
        default: nil
        }
    }
}
