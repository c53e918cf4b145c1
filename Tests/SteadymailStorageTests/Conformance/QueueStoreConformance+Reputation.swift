import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func reputationCountsDeliveredBouncesAndComplaintsInTheWindow(_ store: any QueueStore) async throws {
        let (campaign, ids) = try await runningCampaignMailingNews(store)
        try await store.enqueue([message(9, to: ["plain@example.net"])])
        _ = try await store.claim(now: at(20), limit: 10, owner: "n/1", leaseUntil: at(80))
        try await store.apply(
            [
                RecipientTransition(key: key(1), to: .delivered, at: at(21), relay: "r1", reply: "250 ok"),
                // Downtime is never held against a campaign: a deferral is not an attempt.
                RecipientTransition(
                    key: key(2), to: .deferred, at: at(21), nextAttemptAt: at(60), relay: "r2",
                    reply: "421 4.7.0 try later"),
                RecipientTransition(
                    key: key(3), to: .bounced, at: at(21), relay: "r1", reply: "550 5.1.1 no such user"),
                // Not a campaign's.
                RecipientTransition(key: key(9), to: .delivered, at: at(21), relay: "r1", reply: "250 ok"),
            ], owner: "n/1")
        let events = [
            FeedbackEvent(
                kind: .complaint, source: .arf, email: "b@example.org", campaignID: campaign.id,
                subscriberID: ids["b@example.org"], relay: "r2", at: at(30), dedupeKey: "complaint-b"),
            // Before the window.
            FeedbackEvent(
                kind: .hardBounce, source: .dsn, email: "old@example.org", campaignID: campaign.id, relay: "r1",
                at: at(5), dedupeKey: "old"),
            // Neither a hard bounce nor a complaint.
            FeedbackEvent(
                kind: .softBounce, source: .dsn, email: "a@example.org", campaignID: campaign.id, relay: "r1",
                at: at(30), dedupeKey: "soft"),
            FeedbackEvent(
                kind: .hardBounce, source: .ses, email: "x@example.net", relay: "r3", at: at(30), dedupeKey: "ses"),
        ]
        for event in events { _ = try await store.insertFeedback(event) }

        let all = try await store.reputationCounts(since: at(10))
        #expect(all.campaigns == [campaign.id: ReputationCounts(delivered: 1, hardBounces: 1, complaints: 1)])
        #expect(
            all.relays == [
                "r1": ReputationCounts(delivered: 1, hardBounces: 1),
                "r2": ReputationCounts(complaints: 1),
                "r3": ReputationCounts(hardBounces: 1),
            ])

        let late = try await store.reputationCounts(since: at(25))
        #expect(late.campaigns == [campaign.id: ReputationCounts(complaints: 1)])
        #expect(late.relays == ["r2": ReputationCounts(complaints: 1), "r3": ReputationCounts(hardBounces: 1)])
        #expect(try await store.reputationCounts(since: at(31)) == ReputationSnapshot())
    }
}
