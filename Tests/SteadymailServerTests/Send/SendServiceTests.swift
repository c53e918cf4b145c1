import Foundation
import Logging
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct SendServiceTests {
    private static let key = APIKeyRecord(
        id: "aaaaaaaaaaaaaaaa", name: "shop", scope: .send, hash: "", createdAt: Date(timeIntervalSince1970: 0))
    private static let otherKey = APIKeyRecord(
        id: "bbbbbbbbbbbbbbbb", name: "ops", scope: .send, hash: "", createdAt: Date(timeIntervalSince1970: 0))

    struct Fixture {
        var store: SQLiteQueueStore
        var service: SendService
        var export: PrometheusExport

        /// `steadymail_messages_accepted_total{interface="api"}` as a scrape shows it.
        var acceptedThroughTheAPI: Double? {
            PrometheusText(export.render()).series(named: "steadymail_messages_accepted_total")[
                #"steadymail_messages_accepted_total{interface="api"}"#]
        }

        func send(
            _ json: String, key: String? = nil, apiKey: APIKeyRecord = SendServiceTests.key, now: Date = Date()
        ) async throws -> (status: Int, body: [String: Any]) {
            try await send(.message, json, key: key, apiKey: apiKey, now: now)
        }

        func send(
            _ endpoint: SendEndpoint, _ json: String, key: String? = nil,
            apiKey: APIKeyRecord = SendServiceTests.key, now: Date = Date()
        ) async throws -> (status: Int, body: [String: Any]) {
            let response = try await service.send(
                endpoint, body: Array(json.utf8), idempotencyKey: key, apiKey: apiKey, client: "192.0.2.1", now: now)
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            return (response.status, object ?? [:])
        }

        func refusal(_ json: String, key: String? = nil, now: Date = Date()) async -> APIError? {
            await refusal(.message, json, key: key, now: now)
        }

        func refusal(_ endpoint: SendEndpoint, _ json: String, key: String? = nil, now: Date = Date()) async
            -> APIError?
        {
            do {
                _ = try await send(endpoint, json, key: key, now: now)
                return nil
            } catch let error as APIError {
                return error
            } catch {
                Issue.record("unexpected error \(error)")
                return nil
            }
        }

        func queued() async throws -> Int { try await store.counts().total }
    }

    func withService(
        rate: Double = 1000, burst: Int = 2000, _ body: (Fixture) async throws -> Void
    ) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("send-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        let logger = Logger(label: "test")
        let export = PrometheusExport()
        let pipeline = IntakePipeline(
            hostname: "mx.example.com", defaultPriority: .transactional, localDomains: ["local.example"],
            committer: GroupCommitter(store: store, maxBatch: 64, maxDelay: .zero), disk: nil,
            localMail: LoggingLocalMailConsumer(logger: logger), metrics: export.makeMetrics(), logger: logger)
        let service = SendService(
            pipeline: pipeline, store: store, limits: { SendLimits(maxRecipients: 5, maxMessageSize: 100_000) },
            idempotencyTTL: .seconds(3600), rateLimiter: APIRateLimiter(ratePerSecond: rate, burst: burst),
            logger: logger)
        try await body(Fixture(store: store, service: service, export: export))
    }

    static let message =
        #"{"from": "shop@example.com", "to": ["ada@example.org", "bob@example.org"], "subject": "Hi", "text": "Hello", "metadata": {"order": "7"}, "tags": ["news"]}"#

    @Test func aMessageIsComposedQueuedAndAnswered() async throws {
        try await withService { fixture in
            let (status, answer) = try await fixture.send(Self.message)
            #expect(status == 202)
            let id = try #require(answer["id"] as? String)
            #expect(answer["message_id"] as? String == "\(id)@mx.example.com")
            let recipients = try #require(answer["recipients"] as? [[String: String]])
            #expect(
                recipients == [
                    ["email": "ada@example.org", "id": "\(id).0"], ["email": "bob@example.org", "id": "\(id).1"],
                ])
            let queueID = try #require(QueueID(id))
            let detail = try #require(try await fixture.store.message(queueID))
            #expect(detail.origin == "api aaaaaaaaaaaaaaaa")
            #expect(detail.submitter == "shop")
            #expect(detail.metadata == ["order": "7"])
            #expect(detail.tags == ["news"])
            let body = String(decoding: try #require(try await fixture.store.body(of: detail.id)), as: UTF8.self)
            #expect(body.hasPrefix("Received: from api ([192.0.2.1])"))
            #expect(body.contains("\r\nMessage-ID: <\(id)@mx.example.com>\r\n"))
            #expect(!body.contains("Bcc"))
        }
    }

    @Test func rawMessagesKeepTheirBytesAfterTheTraceHeader() async throws {
        try await withService { fixture in
            let raw =
                "From: <a@example.com>\r\nTo: <b@example.org>\r\nSubject: raw\r\nMessage-ID: <m1@example.com>\r\nDate: Sun, 29 Nov 2026 10:00:00 +0000\r\n\r\nbody\r\n"
            let json = String(
                decoding: try JSONSerialization.data(withJSONObject: [
                    "envelope": ["from": "", "to": ["b@example.org"]], "raw": raw, "priority": "bulk",
                ]), as: UTF8.self)
            let (status, answer) = try await fixture.send(.raw, json)
            #expect(status == 202)
            #expect(answer["message_id"] as? String == "m1@example.com")
            let text = try #require(answer["id"] as? String)
            let id = try #require(QueueID(text))
            let stored = String(decoding: try #require(try await fixture.store.body(of: id)), as: UTF8.self)
            #expect(stored.hasSuffix(raw))
            #expect(stored.hasPrefix("Received: "))
            #expect(try await fixture.store.message(id)?.sender == "")
            #expect(try await fixture.store.message(id)?.priority == .bulk)
        }
    }

    @Test func anIdempotentRetryReplaysTheFirstAnswerAndQueuesNothing() async throws {
        try await withService { fixture in
            let first = try await fixture.send(Self.message, key: "order-7")
            let reordered =
                #"{"tags": ["news"], "metadata": {"order": "7"}, "text": "Hello", "subject": "Hi", "to": ["ada@example.org", "bob@example.org"], "from": "shop@example.com"}"#
            let second = try await fixture.send(reordered, key: "order-7")
            #expect(second.status == 202)
            #expect(second.body["id"] as? String == first.body["id"] as? String)
            #expect(try await fixture.queued() == 2)

            let reused = await fixture.refusal(
                Self.message.replacingOccurrences(of: "Hello", with: "Bye"), key: "order-7")
            #expect(reused?.status == .unprocessableContent && reused?.code == "idempotency_key_reused")
            let otherEndpoint = await fixture.refusal(.batch, "{\"messages\": [\(Self.message)]}", key: "order-7")
            #expect(otherEndpoint?.code == "idempotency_key_reused")
            #expect(try await fixture.queued() == 2)

            let otherKey = try await fixture.send(Self.message, key: "order-7", apiKey: Self.otherKey)
            #expect(otherKey.body["id"] as? String != first.body["id"] as? String, "keys are scoped to the API key")
            #expect(try await fixture.queued() == 4)

            let later = try await fixture.send(Self.message, key: "order-7", now: Date().addingTimeInterval(3700))
            #expect(later.body["id"] as? String != first.body["id"] as? String, "an expired key is a new request")
        }
    }

    @Test func aRefusedRequestStoresNoAnswer() async throws {
        try await withService { fixture in
            let bad = await fixture.refusal(#"{"from": "shop@example.com"}"#, key: "k1")
            #expect(bad?.code == "invalid_request")
            let good = try await fixture.send(Self.message, key: "k1")
            #expect(good.status == 202)
        }
    }

    @Test func aConcurrentDuplicateIsInProgress() async throws {
        try await withService { fixture in
            #expect(fixture.service.gate.enter(apiKeyID: Self.key.id, key: "busy"))
            let refused = await fixture.refusal(Self.message, key: "busy")
            #expect(refused?.status == .conflict && refused?.code == "idempotency_in_progress")
            fixture.service.gate.leave(apiKeyID: Self.key.id, key: "busy")
            let accepted = try await fixture.send(Self.message, key: "busy")
            #expect(accepted.status == 202)
            #expect(fixture.service.gate.enter(apiKeyID: Self.key.id, key: "busy"), "the gate is left after a request")
        }
    }

    @Test func badIdempotencyKeysAreRefused() async throws {
        try await withService { fixture in
            for key in ["", String(repeating: "k", count: 256), "caf\u{e9}", "tab\there"] {
                #expect(await fixture.refusal(Self.message, key: key)?.message.hasPrefix("Idempotency-Key") == true)
            }
            let longest = try await fixture.send(Self.message, key: String(repeating: "k", count: 255))
            #expect(longest.status == 202)
        }
    }

    @Test func aBatchQueuesItsGoodItemsAndAnswersEachInOrder() async throws {
        try await withService { fixture in
            let json = """
                {"messages": [\(Self.message),
                  {"from": "shop@example.com", "to": ["not-an-address"], "subject": "x", "text": "x"},
                  {"from": "shop@example.com", "to": ["c@example.org"], "subject": "x", "text": "x"}]}
                """
            let (status, answer) = try await fixture.send(.batch, json, key: "batch-1")
            #expect(status == 200)
            let results = try #require(answer["results"] as? [[String: Any]])
            #expect(results.map { $0["status"] as? Int } == [202, 400, 202])
            let error = try #require(results[1]["error"] as? [String: String])
            #expect(
                error == [
                    "code": "invalid_request",
                    "message": "to[0]: not a valid address (no @ between local part and domain)",
                ])
            #expect(try await fixture.queued() == 3)
            #expect(fixture.acceptedThroughTheAPI == 2, "each queued message of a batch counts once")
            let replay = try await fixture.send(.batch, json, key: "batch-1")
            #expect(
                (replay.body["results"] as? [[String: Any]])?.map { $0["id"] as? String }
                    == results.map { $0["id"] as? String })
            #expect(try await fixture.queued() == 3)
            #expect(fixture.acceptedThroughTheAPI == 2, "a replay accepts nothing new")
        }
    }

    @Test func batchSizeLimits() async throws {
        try await withService { fixture in
            let many = "{\"messages\": [" + Array(repeating: Self.message, count: 501).joined(separator: ",") + "]}"
            #expect(await fixture.refusal(.batch, many)?.code == "batch_too_large")
            #expect(await fixture.refusal(.batch, #"{"messages": []}"#)?.message == "messages: at least one message")
            let queued = try await fixture.queued()
            #expect(queued == 0)
        }
    }

    @Test func theRateLimitCountsMessagesAndRefusesAWholeBatch() async throws {
        try await withService(rate: 1, burst: 3) { fixture in
            let start = Date()
            #expect(try await fixture.send(Self.message, now: start).status == 202)
            let batch = "{\"messages\": [\(Self.message), \(Self.message), \(Self.message)]}"
            let limited = await fixture.refusal(.batch, batch, now: start)
            #expect(limited?.status == .tooManyRequests && limited?.code == "rate_limited")
            #expect(limited?.headers[.retryAfter] == "1")
            #expect(try await fixture.queued() == 2, "nothing of the refused batch is queued")
            #expect(try await fixture.send(.batch, batch, now: start.addingTimeInterval(1)).status == 200)
            let tooBig = await fixture.refusal(
                .batch, "{\"messages\": [" + Array(repeating: Self.message, count: 4).joined(separator: ",") + "]}",
                now: start.addingTimeInterval(3600))
            #expect(tooBig?.code == "batch_too_large")
            let invalidOnly = try await fixture.send(
                .batch, #"{"messages": [{"from": "x"}]}"#, now: start.addingTimeInterval(1))
            #expect(invalidOnly.status == 200, "refused items take no tokens")
        }
    }

    @Test func theComposedSizeIsLimited() async throws {
        try await withService { fixture in
            let big = String(repeating: "a", count: 80_000)
            let json =
                #"{"from": "shop@example.com", "to": ["ada@example.org"], "subject": "x", "text": "x", "attachments": [{"filename": "a.bin", "content_type": "application/octet-stream", "content": "\#(Data(big.utf8).base64EncodedString())"}]}"#
            let refused = await fixture.refusal(json)
            #expect(refused?.code == "invalid_request")
            #expect(refused?.message.contains("smtp.max_message_size") == true)
            let queued = try await fixture.queued()
            #expect(queued == 0)
        }
    }

    @Test func localRecipientsAreConsumedNotQueued() async throws {
        try await withService { fixture in
            let (status, answer) = try await fixture.send(
                #"{"from": "shop@example.com", "to": ["ada@example.org", "bounces@local.example"], "subject": "x", "text": "x"}"#
            )
            #expect(status == 202)
            #expect((answer["recipients"] as? [[String: String]])?.map { $0["email"] } == ["ada@example.org"])
            #expect(try await fixture.queued() == 1)
        }
    }
}
