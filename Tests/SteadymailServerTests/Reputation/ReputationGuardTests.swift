import Foundation
import Logging
import SteadymailConfig
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct ReputationGuardTests {
    typealias Channel = SLAServiceTests.RecordingChannel
    let now = FeedbackFixture.now

    static let settings = ReputationConfiguration(
        window: .seconds(86_400), checkInterval: .seconds(1), hardBouncePause: 0.05, hardBounceMinAttempts: 10,
        complaintWarn: 0.05, complaintPause: 0.2, complaintMinDelivered: 10)

    struct Context {
        let fixture: FeedbackFixture
        let guardian: ReputationGuard
        let operations: CampaignOperations
        let channel: Channel
        let emails: [String]
        var store: SQLiteQueueStore { fixture.store }
        var campaign: Int64 { fixture.campaigns[0] }
    }

    private func withGuard(subscribers: Int, _ body: (Context) async throws -> Void) async throws {
        try await ReadinessTests.withStore { store, _ in
            let emails = (0..<subscribers).map { "s\($0)@example.org" }
            let fixture = try await FeedbackFixture.make(store, emails: emails, campaigns: 1)
            _ = try await store.claim(
                now: now.addingTimeInterval(1), limit: subscribers, owner: "n/1",
                leaseUntil: now.addingTimeInterval(3600))
            let channel = Channel()
            let alerts = AlertDispatcher(
                channels: [channel], repeatInterval: .seconds(3600), timeout: .seconds(5), retryDelay: .zero,
                logger: Logger(label: "test"))
            let running = Task { try await alerts.run() }
            defer { running.cancel() }
            let operations = CampaignOperations(store: store, renderer: nil, wake: nil, hasPublicURL: true)
            let guardian = ReputationGuard(
                settings: Self.settings, store: store, campaigns: operations, alerts: alerts,
                logger: Logger(label: "test"))
            try await body(
                Context(fixture: fixture, guardian: guardian, operations: operations, channel: channel, emails: emails))
        }
    }

    /// Settles the subscribers `range` of the campaign: the first `bounced` of them refused with 550 5.1.1, the others
    /// delivered, all through relay `r1`, at `seconds` after the fixture's time.
    private func settle(_ context: Context, _ range: Range<Int>, bounced: Int, at seconds: Double) async throws {
        let at = now.addingTimeInterval(seconds)
        let transitions = range.enumerated().map { offset, index in
            let email = context.emails[index]
            let key = RecipientKey(messageID: context.fixture.messages[context.campaign]![email]!, index: 0)
            return offset < bounced
                ? RecipientTransition(key: key, to: .bounced, at: at, relay: "r1", reply: "550 5.1.1 no such user")
                : RecipientTransition(key: key, to: .delivered, at: at, relay: "r1", reply: "250 ok")
        }
        try await context.store.apply(transitions, owner: "n/1")
    }

    private func state(_ context: Context) async throws -> CampaignRecord {
        try #require(try await context.store.campaign(id: context.campaign))
    }

    @Test func aCampaignOverTheHardBounceRateIsPausedWithANoteAndAnAlert() async throws {
        try await withGuard(subscribers: 20) { context in
            try await settle(context, 0..<20, bounced: 2, at: 10)
            try await context.guardian.check(now: now.addingTimeInterval(20))
            let campaign = try await state(context)
            #expect(campaign.state == .paused)
            #expect(campaign.note == "paused by the reputation guard: hard bounces 10.0% of 20 attempts in 24h")
            let alerts = await context.channel.waitFor(2)
            let pause = try #require(alerts.first { $0.key == "reputation:campaign:\(context.campaign)" })
            #expect(pause.kind == .reputationPause && pause.severity == .critical)
            // The relay that carried the campaign is over the threshold too: reported, and nothing else is paused.
            let relay = try #require(alerts.first { $0.key == "reputation:relay:r1" })
            #expect(relay.kind == .reputationPause && relay.subject == "r1")
        }
    }

    @Test func aRateAtTheThresholdOrTooFewAttemptsPauseNothing() async throws {
        try await withGuard(subscribers: 29) { context in
            // 1 of 9 attempts: too few.
            try await settle(context, 0..<9, bounced: 1, at: 10)
            try await context.guardian.check(now: now.addingTimeInterval(20))
            #expect(try await state(context).state == .running)
            // 1 of 20 attempts is 5%, not over it.
            try await settle(context, 9..<20, bounced: 0, at: 30)
            try await context.guardian.check(now: now.addingTimeInterval(40))
            #expect(try await state(context).state == .running)
            try await Task.sleep(for: .milliseconds(100))
            #expect(await context.channel.alerts.isEmpty)
        }
    }

    @Test func aResumedCampaignIsPausedAgainOnlyAfterEnoughNewAttempts() async throws {
        try await withGuard(subscribers: 40) { context in
            try await settle(context, 0..<20, bounced: 4, at: 10)
            try await context.guardian.check(now: now.addingTimeInterval(20))
            #expect(try await state(context).state == .paused)
            _ = try await context.operations.resume(id: context.campaign, now: now.addingTimeInterval(30))
            // Still 20% of 20 attempts, but nothing new since the pause.
            try await context.guardian.check(now: now.addingTimeInterval(40))
            #expect(try await state(context).state == .running)
            // 9 new attempts: still too few.
            try await settle(context, 20..<29, bounced: 2, at: 50)
            try await context.guardian.check(now: now.addingTimeInterval(60))
            #expect(try await state(context).state == .running)
            // The 10th new attempt, and the rate is still over: paused again.
            try await settle(context, 29..<30, bounced: 0, at: 70)
            try await context.guardian.check(now: now.addingTimeInterval(80))
            let campaign = try await state(context)
            #expect(campaign.state == .paused)
            #expect(campaign.note == "paused by the reputation guard: hard bounces 20.0% of 30 attempts in 24h")
        }
    }

    @Test func complaintsWarnOnceAndRecover() async throws {
        try await withGuard(subscribers: 40) { context in
            try await settle(context, 0..<20, bounced: 0, at: 10)
            _ = try await context.store.insertFeedback(
                FeedbackEvent(
                    kind: .complaint, source: .arf, email: context.emails[0], campaignID: context.campaign,
                    subscriberID: context.fixture.ids[context.emails[0]], at: now.addingTimeInterval(11),
                    dedupeKey: "complaint"))
            try await context.guardian.check(now: now.addingTimeInterval(20))
            try await context.guardian.check(now: now.addingTimeInterval(30))
            #expect(try await state(context).state == .running)
            let warned = await context.channel.waitFor(1)
            #expect(warned.map(\.kind) == [.reputationWarn])
            // 1 complaint of 40 delivered: under the warning threshold again.
            try await settle(context, 20..<40, bounced: 0, at: 40)
            try await context.guardian.check(now: now.addingTimeInterval(50))
            let alerts = await context.channel.waitFor(2)
            #expect(alerts.map(\.kind) == [.reputationWarn, .reputationWarnRecovered])
            #expect(alerts.allSatisfy { $0.key == "reputation:campaign:\(context.campaign)" })
        }
    }

    @Test func aRelayOverTheThresholdIsOnlyReported() async throws {
        try await withGuard(subscribers: 10) { context in
            try await settle(context, 0..<10, bounced: 0, at: 10)
            for n in 0..<11 {
                _ = try await context.store.insertFeedback(
                    FeedbackEvent(
                        kind: .hardBounce, source: .ses, email: "x\(n)@example.net", relay: "r2",
                        at: now.addingTimeInterval(11), dedupeKey: "ses-\(n)"))
            }
            try await context.guardian.check(now: now.addingTimeInterval(20))
            #expect(try await state(context).state == .running)
            let alerts = await context.channel.waitFor(1)
            #expect(alerts.map(\.key) == ["reputation:relay:r2"])
            #expect(alerts.first?.summary.contains("nothing paused") == true)
        }
    }
}
