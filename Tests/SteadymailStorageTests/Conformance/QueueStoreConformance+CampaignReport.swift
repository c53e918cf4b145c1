import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    /// A running campaign of three messages: 1 deferred on `primary` then delivered, 2 delivered at once, 3 deferred
    /// on `backup` and still waiting; a hard bounce an hour later and an open. Returns the campaign's id.
    static func reportedCampaign(_ store: any QueueStore) async throws -> Int64 {
        let (news, _, ids) = try await audience(store)
        let campaign = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        _ = try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: at(2))
        #expect(try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: at(3)))
        try await store.enqueueCampaignMessages(
            campaign: campaign.id,
            [
                campaignMessage(1, subscriber: ids["a@example.org"]!, to: "a@example.org"),
                campaignMessage(2, subscriber: ids["b@example.org"]!, to: "b@example.org"),
                campaignMessage(3, subscriber: ids["both@example.org"]!, to: "both@example.org"),
            ], skips: [], now: at(4))
        #expect(try await store.claim(now: at(20), limit: 10, owner: "w", leaseUntil: at(600)).count == 3)
        try await store.apply(
            [
                RecipientTransition(
                    key: key(1), to: .deferred, at: at(30), nextAttemptAt: at(40), relay: "primary", reply: "451 busy"),
                RecipientTransition(key: key(2), to: .delivered, at: at(30), relay: "primary", reply: "250 ok"),
                RecipientTransition(
                    key: key(3), to: .deferred, at: at(30), nextAttemptAt: at(5_000), relay: "backup", reply: "451"),
            ], owner: "w")
        #expect(try await store.claim(now: at(50), limit: 10, owner: "w", leaseUntil: at(600)).count == 1)
        try await store.apply(
            [RecipientTransition(key: key(1), to: .delivered, at: at(100), relay: "primary", reply: "250 ok")],
            owner: "w")
        _ = try await store.insertFeedback(
            FeedbackEvent(
                kind: .hardBounce, source: .dsn, email: "b@example.org", campaignID: campaign.id, at: at(3_700)))
        _ = try await store.insertFeedback(
            FeedbackEvent(kind: .complaint, source: .arf, email: "b@example.org", campaignID: campaign.id, at: at(60)))
        try await store.recordEngagement([
            EngagementHit(campaignID: campaign.id, subscriberID: ids["b@example.org"]!, kind: .open, at: at(60))
        ])
        return campaign.id
    }

    static func campaignReportAggregatesInTheStore(_ store: any QueueStore) async throws {
        let campaign = try await reportedCampaign(store)

        let activity = try await store.campaignActivity(campaign: campaign)
        #expect(activity.deferredRecipients == 2)
        #expect(activity.firstActivity.map { $0 <= at(20) } == true)
        #expect(activity.lastActivity == at(3_700))
        #expect(try await store.campaignActivity(campaign: 999) == CampaignActivity())

        // t0 is 800 s into its hour: everything but the bounce falls in the first hour.
        let first = CampaignHourSeries.hourStart(at(0))
        let hours = try await store.campaignHours(campaign: campaign, from: first, to: at(7_200))
        #expect(
            hours == [
                CampaignHour(hour: first, sent: 3, delivered: 2, deferrals: 2),
                CampaignHour(hour: first.addingTimeInterval(3_600), bounces: 1),
            ])
        #expect(try await store.campaignHours(campaign: campaign, from: at(7_200), to: at(9_000)).isEmpty)
    }

    static func campaignDelaysCountTheRecipientsAnOutageDeferred(_ store: any QueueStore) async throws {
        let campaign = try await reportedCampaign(store)
        // Only 1 was deferred on primary: from 30 s to its delivery at 100 s.
        let primary = ImpactWindow(relay: "primary", start: at(25), end: at(35))
        #expect(
            try await store.campaignDelays(campaign: campaign, windows: [primary], now: at(200))
                == DelayStatistics(recipients: 1, stillWaiting: 0, median: 70, longest: 70, total: 70))
        // Node-wide: 3 too, still waiting, its delay running to now (170 s).
        let node = ImpactWindow(relay: nil, start: at(25), end: at(35))
        #expect(
            try await store.campaignDelays(campaign: campaign, windows: [node], now: at(200))
                == DelayStatistics(recipients: 2, stillWaiting: 1, median: 120, longest: 170, total: 240))
        // Two windows count each recipient once.
        let backup = ImpactWindow(relay: "backup", start: at(25), end: at(35))
        #expect(
            try await store.campaignDelays(campaign: campaign, windows: [primary, backup, node], now: at(200))
                .recipients == 2)
        // 3 sat out a later window in the queue without an attempt: delayed from the window's start until now.
        let later = ImpactWindow(relay: nil, start: at(500), end: at(600))
        #expect(
            try await store.campaignDelays(campaign: campaign, windows: [later], now: at(700))
                == DelayStatistics(recipients: 1, stillWaiting: 1, median: 200, longest: 200, total: 200))
        // Before anything was queued: nobody.
        let before = ImpactWindow(relay: nil, start: at(0), end: at(5))
        #expect(try await store.campaignDelays(campaign: campaign, windows: [before], now: at(700)) == .none)
        #expect(try await store.campaignDelays(campaign: campaign, windows: [], now: at(700)) == .none)
        #expect(try await store.campaignDelays(campaign: 999, windows: [node], now: at(200)) == .none)
    }
}
