import Foundation
import Logging
import SteadymailConfig
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// A renderer double: greets by name, and fails for subscribers whose name is `broken`.
struct GreetingRenderer: CampaignRendering {
    func templateExists(_ name: String) async throws -> Bool { name == "hello" }

    func render(
        campaign: CampaignRecord, subscriber: Subscriber, links: [String: String]
    ) async throws -> RenderedCampaignContent {
        guard subscriber.name != "broken" else { throw CampaignRequestError(field: "template", "broken") }
        return RenderedCampaignContent(
            subject: "Hi \(subscriber.name)", html: "<p>Hello \(subscriber.name)</p>", text: "Hello \(subscriber.name)")
    }
}

@Suite struct CampaignServiceTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let links = UnsubscribeLinks(
        signer: LinkSigner(key: Array(repeating: 3, count: 32)), publicURL: "https://news.example.org")
    static let tracking = TrackingLinks(
        signer: LinkSigner(key: Array(repeating: 3, count: 32)), publicURL: "https://news.example.org")

    func withRunner(
        subscribers: Int, batch: Int = 500, lookahead: Int = 2000,
        _ body: (SQLiteQueueStore, CampaignService, CampaignOperations, MailingList) async throws -> Void
    ) async throws {
        try await ReadinessTests.withStore { store, _ in
            let list = try await store.createList(name: "news", optIn: .single, description: "", now: start)
            let rows = (0..<subscribers).map { SubscriberUpsert(email: "s\($0)@example.org", name: "S\($0)") }
            _ = try await store.upsertSubscribers(rows, listID: list.id, subscriptionStatus: .confirmed, now: start)
            let service = CampaignService(
                store: store, renderer: GreetingRenderer(), hostname: "mx.example.org",
                unsubscribe: Self.links, tracking: Self.tracking, delivery: WakeSignal(),
                settings: CampaignsConfiguration(tick: .seconds(1), batch: batch, lookahead: lookahead),
                logger: Logger(label: "test"))
            let operations = CampaignOperations(
                store: store, renderer: GreetingRenderer(), wake: nil, hasPublicURL: true)
            try await body(store, service, operations, list)
        }
    }

    func request(throttle: Int? = nil, window: String? = nil, at: String? = nil, deadline: String? = nil)
        -> CampaignRequest
    {
        CampaignRequest(
            name: "Sale", template: "hello", lists: ["news"], from: "shop@example.org", throttle: throttle,
            window: window, timeZone: "UTC", sendAt: at, deadline: deadline)
    }

    @Test func aRunningCampaignIsQueuedInBatchesUpToTheLookahead() async throws {
        try await withRunner(subscribers: 30, batch: 10, lookahead: 25) { store, service, operations, _ in
            let campaign = try await operations.create(request(), now: start)
            _ = try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: start)
            await service.tick(now: start)
            #expect(try await store.campaignWaiting(campaign: campaign.id) == 10)
            await service.tick(now: start.addingTimeInterval(1))
            await service.tick(now: start.addingTimeInterval(2))
            // The lookahead stops the third batch at 25 waiting.
            #expect(try await store.campaignWaiting(campaign: campaign.id) == 25)
            await service.tick(now: start.addingTimeInterval(3))
            #expect(try await store.campaignWaiting(campaign: campaign.id) == 25)
            let progress = try await store.campaignProgress(campaign: campaign.id)
            #expect(progress.ledger == [.enqueued: 25, .pending: 5])
            // The message carries what ties it to the campaign.
            let first = try #require(
                try await store.recipients(matching: RecipientFilter()).first { $0.recipient == "s0@example.org" })
            let body = String(decoding: try #require(try await store.body(of: first.key.messageID)), as: UTF8.self)
            #expect(body.contains("X-Steadymail-Campaign: \(campaign.id)\r\n"))
            #expect(body.contains("List-Id: <campaign-\(campaign.id).mx.example.org>\r\n"))
            #expect(body.contains("Subject: Hi S0\r\n") && body.contains("To: S0 <s0@example.org>\r\n"))
            #expect(body.contains("multipart/alternative"))
            // RFC 8058 one-click unsubscribe, with a link naming this campaign and this subscriber.
            #expect(body.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"))
            let prefix = "List-Unsubscribe: <https://news.example.org/unsubscribe/"
            let header = try #require(body.components(separatedBy: "\r\n").first { $0.hasPrefix(prefix) })
            let token = String(header.dropFirst(prefix.count).dropLast())
            let subscriber = try #require(try await store.subscriber(email: "s0@example.org"))
            #expect(
                try Self.links.verify(token, now: start)
                    == UnsubscribeLinks.Target(campaignID: campaign.id, subscriberID: subscriber.id))
            #expect(first.priority == .bulk)
            let detail = try #require(try await store.message(first.key.messageID))
            #expect(detail.tags == ["campaign-\(campaign.id)"] && detail.origin == "campaign \(campaign.id)")
        }
    }

    @Test func skipsAreRecordedAndTheCampaignFinishes() async throws {
        try await withRunner(subscribers: 4) { store, service, operations, _ in
            let campaign = try await operations.create(request(), now: start)
            let ids = try await (0..<4).asyncMap {
                try #require(try await store.subscriber(email: "s\($0)@example.org")).id
            }
            _ = try await store.upsertSubscribers(
                [SubscriberUpsert(email: "s1@example.org", name: "broken")], listID: nil,
                subscriptionStatus: .confirmed, now: start)
            _ = try await operations.start(id: campaign.id, now: start)
            _ = try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: start)
            _ = try await store.setSubscriberStatus(id: ids[2], status: .unsubscribed, now: start)
            try await store.suppress(Suppression(email: "s3@example.org", reason: .manual, createdAt: start))
            await service.tick(now: start)
            let progress = try await store.campaignProgress(campaign: campaign.id)
            #expect(progress.ledger == [.enqueued: 1, .skipped: 3])
            #expect(progress.skipped == [.renderFailure: 1, .unsubscribed: 1, .suppressed: 1])
            // Delivered: nothing waits, so the next tick finishes it.
            let claimed = try await store.claim(
                now: start, limit: 10, owner: "n/1", leaseUntil: start.addingTimeInterval(60))
            try await store.apply(
                claimed.map { RecipientTransition(key: $0.record.key, to: .delivered, at: start) }, owner: "n/1")
            await service.tick(now: start.addingTimeInterval(1))
            #expect(try await store.campaign(id: campaign.id)?.state == .finished)
        }
    }

    @Test func theThrottleAndWindowPaceEnqueuing() async throws {
        try await withRunner(subscribers: 50) { store, service, operations, _ in
            // 1_800_000_000 is 08:00 UTC; the window opens at 09:00.
            let campaign = try await operations.create(request(throttle: 60, window: "09:00-17:00"), now: start)
            _ = try await operations.start(id: campaign.id, now: start)
            await service.tick(now: start)
            #expect(try await store.campaignWaiting(campaign: campaign.id) == 0)
            let open = start.addingTimeInterval(3600)
            await service.tick(now: open)
            // A full bucket holds 5 seconds' worth at one a second.
            #expect(try await store.campaignWaiting(campaign: campaign.id) == 5)
            await service.tick(now: open.addingTimeInterval(3))
            #expect(try await store.campaignWaiting(campaign: campaign.id) == 8)
        }
    }

    @Test func aScheduledCampaignStartsLateOnlyBeforeItsDeadline() async throws {
        try await withRunner(subscribers: 3) { store, service, operations, _ in
            let late = try await operations.create(
                request(at: "2027-01-15 06:00", deadline: "2027-01-15 12:00"), now: start.addingTimeInterval(-86_400))
            let missed = try await operations.create(
                request(at: "2027-01-15 06:00", deadline: "2027-01-15 07:00"), now: start.addingTimeInterval(-86_400))
            #expect(late.state == .scheduled && missed.state == .scheduled)
            await service.tick(now: start)
            let started = try #require(try await store.campaign(id: late.id))
            #expect(started.state == .running && started.note == "started 2h0m late")
            #expect(try await store.campaignWaiting(campaign: late.id) == 3)
            let refused = try #require(try await store.campaign(id: missed.id))
            #expect(refused.state == .finished && refused.note == "deadline passed before start")
            #expect(try await store.campaignWaiting(campaign: missed.id) == 0)
        }
    }

    @Test func pauseHoldsResumeReleasesCancelDeletes() async throws {
        try await withRunner(subscribers: 10, batch: 4) { store, service, operations, _ in
            let campaign = try await operations.create(request(), now: start)
            _ = try await operations.start(id: campaign.id, now: start)
            await service.tick(now: start)
            let paused = try await operations.pause(id: campaign.id, now: start)
            #expect(paused.state == .paused && paused.progress?.queue == ["held": 4])
            await service.tick(now: start.addingTimeInterval(1))
            #expect(try await store.campaignProgress(campaign: campaign.id).ledger[.pending] == 6)
            let resumed = try await operations.resume(id: campaign.id, now: start.addingTimeInterval(2))
            #expect(resumed.state == .running && resumed.progress?.queue == ["queued": 4])
            let cancelled = try await operations.cancel(id: campaign.id, now: start.addingTimeInterval(3))
            #expect(cancelled.state == .cancelled)
            #expect(cancelled.progress?.ledger == ["enqueued": 4, "cancelled": 6])
            #expect(cancelled.progress?.queueExpired == ["deleted": 4])
            // Idempotent.
            #expect(try await operations.cancel(id: campaign.id, now: start.addingTimeInterval(4)).state == .cancelled)
            await #expect(throws: CampaignRequestError.self) {
                _ = try await operations.resume(id: campaign.id, now: start.addingTimeInterval(5))
            }
        }
    }

    @Test func aDeadlineExpiresPendingAndFinishesWithTheCount() async throws {
        try await withRunner(subscribers: 10, batch: 4) { store, service, operations, _ in
            let campaign = try await operations.create(request(deadline: "2027-01-15 09:00"), now: start)
            _ = try await operations.start(id: campaign.id, now: start)
            await service.tick(now: start)
            let after = start.addingTimeInterval(3601)
            _ = try await store.expireDue(now: after, maxAge: .seconds(86_400))
            await service.tick(now: after)
            await service.tick(now: after.addingTimeInterval(1))
            let finished = try await operations.show(id: campaign.id)
            #expect(finished.state == .finished && finished.note == "deadline passed: 10 expired")
            #expect(finished.progress?.expiredByDeadline == 10)
        }
    }

    @Test func badCampaignsAreRefusedNamingTheField() async throws {
        try await withRunner(subscribers: 0) { _, _, operations, _ in
            var cases: [(CampaignRequest, String)] = []
            var bad = request()
            bad.template = "nope"
            cases.append((bad, "template"))
            bad = request()
            bad.lists = ["nope"]
            cases.append((bad, "lists"))
            bad = request()
            bad.from = "not an address"
            cases.append((bad, "from"))
            cases.append((request(window: "9-5"), "window"))
            bad = request()
            bad.timeZone = "Mars/Olympus"
            cases.append((bad, "time_zone"))
            cases.append((request(at: "2027-01-16 10:00", deadline: "2027-01-16 09:00"), "deadline"))
            cases.append((request(at: "soon"), "send_at"))
            bad = request()
            bad.priority = "transactional"
            cases.append((bad, "priority"))
            for (wanted, field) in cases {
                await #expect(throws: CampaignRequestError.self) {
                    do {
                        _ = try await operations.create(wanted, now: start)
                    } catch let error as CampaignRequestError {
                        #expect(error.field == field)
                        throw error
                    }
                }
            }
        }
    }
}

extension Range where Bound == Int {
    func asyncMap<T>(_ transform: (Int) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for value in self { result.append(try await transform(value)) }
        return result
    }
}
