import Foundation
import Logging
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct FeedbackProcessorTests {
    let now = FeedbackFixture.now

    func processor(_ store: SQLiteQueueStore) -> FeedbackProcessor {
        FeedbackProcessor(store: store, softBounceLimit: 3, logger: Logger(label: "test"))
    }

    func event(
        _ kind: FeedbackKind, _ email: String, campaign: Int64? = nil, subscriber: Int64? = nil,
        source: FeedbackSource = .dsn, key: String? = nil
    ) -> FeedbackEvent {
        FeedbackEvent(
            kind: kind, source: source, email: email, campaignID: campaign, subscriberID: subscriber, at: now,
            dedupeKey: key)
    }

    @Test func aHardBounceSuppressesAndBouncesOnceAndADuplicateChangesNothing() async throws {
        try await ReadinessTests.withStore { store, _ in
            let fixture = try await FeedbackFixture.make(store, emails: ["a@example.org"], campaigns: 1)
            let a = try #require(fixture.ids["a@example.org"])
            let sink = processor(store)
            let bounce = event(.hardBounce, " A@Example.org ", campaign: fixture.campaigns[0], subscriber: a, key: "k1")
            #expect(try await sink.record(bounce) == .recorded)
            #expect(try await store.subscriber(id: a)?.status == .bounced)
            #expect(try await store.suppression(email: "a@example.org")?.reason == .hardBounce)
            #expect(try await sink.record(bounce) == .duplicate)
            #expect(try await store.feedbackCounts(campaign: fixture.campaigns[0]) == [.hardBounce: 1])
            #expect(try await store.unprocessedFeedback(limit: 10).isEmpty)
        }
    }

    @Test func aReportAboutMailNeverSentIsIgnored() async throws {
        try await ReadinessTests.withStore { store, _ in
            let fixture = try await FeedbackFixture.make(store, emails: ["a@example.org"], campaigns: 1)
            let a = try #require(fixture.ids["a@example.org"])
            let sink = processor(store)
            let result = try await sink.record(event(.hardBounce, "a@example.org", campaign: 999, subscriber: a))
            #expect(result == .ignored("never mailed"))
            #expect(try await store.subscriber(id: a)?.status == .enabled)
            #expect(try await store.suppression(email: "a@example.org") == nil)
            #expect(try await store.feedbackCounts(campaign: 999).isEmpty)
            #expect(try await sink.record(event(.complaint, "not an address")) == .ignored("invalid address"))
        }
    }

    @Test func aMessageIDPlacesTheReportAndAnAddressAloneFindsTheSubscriber() async throws {
        try await ReadinessTests.withStore { store, _ in
            let fixture = try await FeedbackFixture.make(
                store, emails: ["a@example.org", "b@example.org"], campaigns: 1)
            let campaign = fixture.campaigns[0]
            let sink = processor(store)
            var byMessage = event(.complaint, "a@example.org", source: .ses)
            byMessage.messageID = fixture.messages[campaign]?["a@example.org"]
            #expect(try await sink.record(byMessage) == .recorded)
            #expect(try await store.feedbackCounts(campaign: campaign) == [.complaint: 1])
            #expect(try await store.subscriber(email: "a@example.org")?.status == .unsubscribed)
            #expect(try await store.suppression(email: "a@example.org")?.reason == .complaint)
            // Only the address: the subscriber is found, no campaign is counted.
            #expect(try await sink.record(event(.hardBounce, "B@example.org", source: .postmark)) == .recorded)
            #expect(try await store.subscriber(email: "b@example.org")?.status == .bounced)
            #expect(try await store.feedbackCounts(campaign: campaign) == [.complaint: 1])
            // An address that is nobody's subscriber is still suppressed (transactional mail must stop too).
            #expect(try await sink.record(event(.hardBounce, "stranger@example.net", source: .mailgun)) == .recorded)
            #expect(try await store.suppression(email: "stranger@example.net")?.reason == .hardBounce)
        }
    }

    @Test func softBouncesCountOncePerCampaign() async throws {
        try await ReadinessTests.withStore { store, _ in
            let fixture = try await FeedbackFixture.make(
                store, emails: ["a@example.org", "b@example.org"], campaigns: 3)
            let a = try #require(fixture.ids["a@example.org"])
            let b = try #require(fixture.ids["b@example.org"])
            let sink = processor(store)
            for (n, campaign) in fixture.campaigns.prefix(2).enumerated() {
                _ = try await sink.record(
                    event(.softBounce, "a@example.org", campaign: campaign, subscriber: a, key: "a\(n)"))
            }
            #expect(try await store.subscriber(id: a)?.status == .enabled)
            _ = try await sink.record(
                event(.softBounce, "a@example.org", campaign: fixture.campaigns[2], subscriber: a, key: "a2"))
            #expect(try await store.subscriber(id: a)?.status == .bounced)
            // Soft bounces never suppress: transactional mail still goes.
            #expect(try await store.suppression(email: "a@example.org") == nil)

            for n in 0..<3 {
                _ = try await sink.record(
                    event(.softBounce, "b@example.org", campaign: fixture.campaigns[0], subscriber: b, key: "b\(n)"))
            }
            #expect(try await store.subscriber(id: b)?.status == .enabled)
        }
    }

    @Test func aComplaintBeatsAHardBounceAndAnUnsubscribeBeatsNothing() async throws {
        try await ReadinessTests.withStore { store, _ in
            let fixture = try await FeedbackFixture.make(store, emails: ["a@example.org"], campaigns: 1)
            let a = try #require(fixture.ids["a@example.org"])
            let campaign = fixture.campaigns[0]
            let sink = processor(store)
            _ = try await sink.record(event(.hardBounce, "a@example.org", campaign: campaign, subscriber: a))
            _ = try await sink.record(event(.complaint, "a@example.org", campaign: campaign, subscriber: a))
            #expect(try await store.suppression(email: "a@example.org")?.reason == .complaint)
            #expect(try await store.subscriber(id: a)?.status == .unsubscribed)
            _ = try await sink.record(event(.hardBounce, "a@example.org", campaign: campaign, subscriber: a))
            _ = try await sink.record(event(.unsubscribe, "a@example.org", campaign: campaign, subscriber: a))
            #expect(try await store.suppression(email: "a@example.org")?.reason == .complaint)
            #expect(try await store.feedbackCounts(campaign: campaign)[.complaint] == 1)
        }
    }

    @Test func drainingAppliesEventsStoredButNotActedOn() async throws {
        try await ReadinessTests.withStore { store, _ in
            let fixture = try await FeedbackFixture.make(store, emails: ["a@example.org"], campaigns: 1)
            let a = try #require(fixture.ids["a@example.org"])
            // As after a crash between storing and acting.
            _ = try await store.insertFeedback(
                event(.hardBounce, "a@example.org", campaign: fixture.campaigns[0], subscriber: a))
            #expect(try await store.subscriber(id: a)?.status == .enabled)
            #expect(try await processor(store).drain() == 1)
            #expect(try await store.subscriber(id: a)?.status == .bounced)
            #expect(try await store.suppression(email: "a@example.org")?.reason == .hardBounce)
            #expect(try await processor(store).drain() == 0)
        }
    }
}
