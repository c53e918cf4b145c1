import Foundation
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct WebhookSubscriptionsTests {
    private func withStore(_ body: (SQLiteQueueStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hooks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        try await body(store)
    }

    private func refusal(
        _ subscriptions: WebhookSubscriptions, url: String, events: [String] = ["delivered"],
        description: String? = nil
    ) async -> WebhookRequestError? {
        do {
            _ = try await subscriptions.create(url: url, events: events, description: description, now: Date())
            return nil
        } catch {
            return error as? WebhookRequestError
        }
    }

    @Test func aSubscriptionIsStoredWithAFreshIDAndSecret() async throws {
        try await withStore { store in
            let subscriptions = WebhookSubscriptions(store: store, allowPrivateTargets: false)
            let record = try await subscriptions.create(
                url: "https://hooks.example.org/in", events: ["bounced", "delivered"], description: "CRM", now: Date())
            #expect(record.id.wholeMatch(of: /wh_[a-z2-7]{16}/) != nil, "\(record.id)")
            #expect(record.secret.wholeMatch(of: /whsec_[A-Za-z0-9_-]{43}/) != nil, "\(record.secret)")
            #expect(record.events == [.delivered, .bounced])
            #expect(try await subscriptions.list() == [record])
            let other = try await subscriptions.create(
                url: "https://hooks.example.org/in", events: ["queued"], description: nil, now: Date())
            #expect(other.id != record.id && other.secret != record.secret)
            #expect(try await subscriptions.remove(id: record.id))
            #expect(try await !subscriptions.remove(id: record.id))
        }
    }

    @Test func privateLiteralsAreRefusedAtCreationButNamesWaitForTheConnection() async throws {
        try await withStore { store in
            let strict = WebhookSubscriptions(store: store, allowPrivateTargets: false)
            for url in [
                "http://127.0.0.1:9000/", "http://[::1]/", "http://[::ffff:169.254.169.254]/", "http://10.0.0.7/",
            ] {
                let error = await refusal(strict, url: url)
                #expect(error?.field == "url", "\(url)")
                #expect(
                    error?.message.contains("allow_private_targets") == true, "\(url): \(String(describing: error))")
            }
            #expect(await refusal(strict, url: "http://localhost:9000/") == nil)
            let open = WebhookSubscriptions(store: store, allowPrivateTargets: true)
            #expect(await refusal(open, url: "http://127.0.0.1:9000/") == nil)
            let unspecified = await refusal(open, url: "http://0.0.0.0:9000/")
            #expect(unspecified?.field == "url")
            #expect(
                unspecified?.message.contains("never a webhook target") == true, "\(String(describing: unspecified))")
        }
    }

    @Test func badRequestsNameTheField() async throws {
        try await withStore { store in
            let subscriptions = WebhookSubscriptions(store: store, allowPrivateTargets: false)
            #expect(await refusal(subscriptions, url: "ftp://example.org/")?.field == "url")
            #expect(await refusal(subscriptions, url: "http://u:p@example.org/")?.field == "url")
            #expect(await refusal(subscriptions, url: "http://127.1/")?.field == "url")
            #expect(
                await refusal(subscriptions, url: "https://example.org/", events: ["delivered", "clicked"])?.field
                    == "events[1]")
            #expect(await refusal(subscriptions, url: "https://example.org/", events: [])?.field == "events")
            #expect(
                await refusal(subscriptions, url: "https://example.org/", description: "a\nb")?.field == "description")
            let stored = try await subscriptions.list()
            #expect(stored.isEmpty, "nothing refused was stored")
        }
    }

    @Test func listingsNeverCarryTheSecret() async throws {
        try await withStore { store in
            let subscriptions = WebhookSubscriptions(store: store, allowPrivateTargets: false)
            let record = try await subscriptions.create(
                url: "https://hooks.example.org/in", events: ["queued"], description: nil, now: Date())
            let handler = QueueControlHandler(store: store, pipeline: nil)
            let listed = await handler.handle(ControlRequest(command: .webhookList))
            let text = String(decoding: try JSONEncoder().encode(listed), as: UTF8.self)
            #expect(listed.webhooks?.map(\.id) == [record.id])
            #expect(!text.contains(record.secret) && !text.contains("secret"), "\(text)")
        }
    }
}
