import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func feedbackIsPlacedCountedAndDrained(_ store: any QueueStore) async throws {
        let (news, _, ids) = try await audience(store)
        let a = try #require(ids["a@example.org"])
        let b = try #require(ids["b@example.org"])
        let campaign = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        _ = try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: at(2))
        #expect(try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: at(2)))
        try await store.enqueueCampaignMessages(
            campaign: campaign.id, [campaignMessage(1, subscriber: a, to: "a@example.org")], skips: [], now: at(3))
        try await store.enqueue([message(2)])

        #expect(try await store.campaignMessageSent(campaign: campaign.id, subscriber: a))
        #expect(try await !store.campaignMessageSent(campaign: campaign.id, subscriber: b))
        #expect(try await !store.campaignMessageSent(campaign: campaign.id + 1, subscriber: a))
        #expect(
            try await store.messageOrigin(id(1))
                == MessageOrigin(campaignID: campaign.id, subscriberID: a, relay: nil))
        #expect(try await store.messageOrigin(id(2)) == MessageOrigin(campaignID: nil, subscriberID: nil, relay: nil))
        #expect(try await store.messageOrigin(id(3)) == nil)

        func soft(_ campaign: Int64?, subscriber: Int64?, email: String, _ n: Int) -> FeedbackEvent {
            FeedbackEvent(
                kind: .softBounce, source: .dsn, email: email, campaignID: campaign, subscriberID: subscriber,
                at: at(Double(10 + n)), dedupeKey: "soft-\(n)")
        }
        let events = [
            soft(1, subscriber: a, email: "a@example.org", 1), soft(1, subscriber: a, email: "a@example.org", 2),
            soft(2, subscriber: a, email: "a@example.org", 3),
            FeedbackEvent(
                kind: .hardBounce, source: .dsn, email: "a@example.org", campaignID: 3, subscriberID: a, at: at(14)),
            soft(nil, subscriber: nil, email: "x@example.net", 5),
            soft(nil, subscriber: nil, email: "x@example.net", 6),
            soft(5, subscriber: nil, email: "x@example.net", 7),
        ]
        var stored: [Int64] = []
        for event in events { stored.append(try #require(try await store.insertFeedback(event))) }
        // Two campaigns for the subscriber (the hard bounce is not a soft one); each soft bounce without a campaign
        // counts on its own.
        #expect(try await store.softBounceCampaigns(subscriber: a, email: "ignored@example.org") == 2)
        #expect(try await store.softBounceCampaigns(subscriber: nil, email: "x@example.net") == 3)
        #expect(try await store.softBounceCampaigns(subscriber: nil, email: "nobody@example.net") == 0)

        let pending = try await store.unprocessedFeedback(limit: 3)
        #expect(pending.map(\.id) == Array(stored.prefix(3)))
        #expect(pending.first?.event == events[0])
        try await store.markFeedbackProcessed(ids: [stored[0], stored[2]])
        #expect(try await store.unprocessedFeedback(limit: 100).map(\.id) == [stored[1]] + stored.dropFirst(3))
        try await store.markFeedbackProcessed(ids: stored)
        #expect(try await store.unprocessedFeedback(limit: 100).isEmpty)
    }
}

extension QueueStoreConformance {
    static func aCampaignRecipientsBounceStoresDeliveryFeedback(_ store: any QueueStore) async throws {
        let (campaign, ids) = try await runningCampaignMailingNews(store)
        try await store.enqueue([message(9, to: ["plain@example.net"]), message(10, to: ["other@example.net"])])
        _ = try await store.claim(now: at(20), limit: 10, owner: "n/1", leaseUntil: at(80))
        try await store.apply(
            [
                RecipientTransition(
                    key: key(1), to: .bounced, at: at(21), relay: "r1", reply: "550 5.1.1 <a@example.org>: no such user"
                ),
                // About the message, not the mailbox.
                RecipientTransition(
                    key: key(2), to: .bounced, at: at(21), relay: "r1", reply: "552 5.3.4 Message too large"),
                RecipientTransition(key: key(3), to: .expired, at: at(21), note: "deadline"),
                RecipientTransition(
                    key: key(9), to: .deferred, at: at(21), nextAttemptAt: at(60), relay: "r1",
                    reply: "421 4.7.0 try later"),
                // Not a campaign's.
                RecipientTransition(key: key(10), to: .bounced, at: at(21), relay: "r1", reply: "550 5.1.1 unknown"),
            ], owner: "n/1")
        let pending = try await store.unprocessedFeedback(limit: 10)
        #expect(pending.count == 1)
        #expect(
            pending.first?.event
                == FeedbackEvent(
                    kind: .hardBounce, source: .delivery, email: "a@example.org", campaignID: campaign.id,
                    subscriberID: ids["a@example.org"], messageID: id(1), relay: "r1", status: "5.1.1",
                    detail: "550 5.1.1 <a@example.org>: no such user", at: at(21),
                    dedupeKey: "delivery:\(id(1).rawValue):a@example.org"))
        #expect(try await store.feedbackCounts(campaign: campaign.id) == [.hardBounce: 1])
    }
}
