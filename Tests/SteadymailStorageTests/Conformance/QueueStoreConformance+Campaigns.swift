import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    /// Two lists and subscribers in every situation the snapshot must judge; returns the lists and the ids by address.
    static func audience(_ store: any QueueStore) async throws -> (
        news: MailingList, vip: MailingList, ids: [String: Int64]
    ) {
        let news = try await store.createList(name: "news", optIn: .single, description: "", now: at(0))
        let vip = try await store.createList(name: "vip", optIn: .double, description: "", now: at(0))
        func add(_ emails: [String], list: MailingList, status: SubscriptionStatus, subscriber: SubscriberStatus? = nil)
            async throws
        {
            _ = try await store.upsertSubscribers(
                emails.map { SubscriberUpsert(email: $0, status: subscriber) }, listID: list.id,
                subscriptionStatus: status, now: at(0))
        }
        try await add(["a@example.org", "b@example.org", "both@example.org"], list: news, status: .confirmed)
        try await add(["both@example.org", "c@example.org"], list: vip, status: .confirmed)
        try await add(["pending@example.org"], list: vip, status: .unconfirmed)
        try await add(["left@example.org"], list: news, status: .unsubscribed)
        try await add(["gone@example.org"], list: news, status: .confirmed, subscriber: .unsubscribed)
        try await add(["blocked@example.org"], list: news, status: .confirmed, subscriber: .blocklisted)
        try await add(["bounced@example.org"], list: news, status: .confirmed, subscriber: .bounced)
        try await add(["later@example.org"], list: news, status: .confirmed)
        try await store.suppress(Suppression(email: "later@example.org", reason: .complaint, createdAt: at(1)))
        let other = try await store.createList(name: "other", optIn: .single, description: "", now: at(0))
        try await add(["elsewhere@example.org"], list: other, status: .confirmed)
        var ids: [String: Int64] = [:]
        for email in [
            "a@example.org", "b@example.org", "both@example.org", "c@example.org", "pending@example.org",
            "gone@example.org",
        ] {
            ids[email] = try #require(try await store.subscriber(email: email)).id
        }
        return (news, vip, ids)
    }

    static func newCampaign(lists: [Int64], deadline: Date? = nil) -> NewCampaign {
        NewCampaign(
            name: "Spring sale", templateName: "sale", fromAddress: "shop@example.org", fromName: "Shop",
            priority: .bulk, throttlePerMinute: 600,
            window: SendWindow(startMinute: 480, endMinute: 1200, timeZone: "Europe/Berlin"),
            timeZone: "Europe/Berlin", sendAt: at(3600), deadline: deadline, segment: "status = \"enabled\"",
            listIDs: lists)
    }

    static func campaignMessage(_ n: Int, subscriber: Int64, to address: String, deadline: Date? = nil)
        -> CampaignMessage
    {
        CampaignMessage(
            subscriberID: subscriber,
            message: NewMessage(
                id: id(n), sender: "shop@example.org", recipients: [address], priority: .bulk, deliverBy: deadline,
                receivedAt: at(10), content: content(), origin: "campaign 1", submitter: nil, tags: ["campaign-1"]))
    }

    /// A running campaign of the `news` list that queued one message each (ids 1 to 3) to a@, b@ and
    /// both@example.org at `at(3)`; returns it and the subscriber ids by address.
    static func runningCampaignMailingNews(_ store: any QueueStore) async throws -> (
        campaign: CampaignRecord, ids: [String: Int64]
    ) {
        let (news, _, ids) = try await audience(store)
        let campaign = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        _ = try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: at(2))
        #expect(try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: at(2)))
        let addresses = ["a@example.org", "b@example.org", "both@example.org"]
        try await store.enqueueCampaignMessages(
            campaign: campaign.id,
            addresses.enumerated().map { campaignMessage($0.offset + 1, subscriber: ids[$0.element]!, to: $0.element) },
            skips: [], now: at(3))
        return (campaign, ids)
    }

    static func campaignsAreStoredWithTheirSettings(_ store: any QueueStore) async throws {
        let (news, vip, _) = try await audience(store)
        let settings = newCampaign(lists: [vip.id, news.id], deadline: at(7200))
        let created = try await store.createCampaign(settings, now: at(5))
        #expect(created.state == .draft && created.note == nil && !created.snapshotTaken)
        #expect(created.settings.listIDs == [news.id, vip.id].sorted())
        #expect(created.settings.window == settings.window && created.settings.deadline == at(7200))
        #expect(created.settings.segment == settings.segment && created.settings.fromName == "Shop")
        #expect(created.createdAt == at(5))
        #expect(try await store.campaign(id: created.id) == created)
        #expect(try await store.campaign(id: 999) == nil)
        await #expect(throws: StorageError.self) {
            _ = try await store.createCampaign(newCampaign(lists: [999]), now: at(6))
        }
        let second = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(7))
        #expect(try await store.campaigns(states: nil).map(\.id) == [second.id, created.id])

        #expect(try await store.setCampaignState(id: created.id, to: .scheduled, note: nil, sendAt: at(60), now: at(8)))
        #expect(try await !store.setCampaignState(id: created.id, to: .paused, note: nil, sendAt: nil, now: at(9)))
        #expect(
            try await store.setCampaignState(
                id: created.id, to: .running, note: "started 2h13m late", sendAt: nil, now: at(10)))
        let running = try #require(try await store.campaign(id: created.id))
        #expect(running.state == .running && running.note == "started 2h13m late")
        #expect(running.settings.sendAt == at(60) && running.startedAt == at(10) && running.finishedAt == nil)
        #expect(try await store.campaigns(states: [.running]).map(\.id) == [created.id])
        #expect(try await store.setCampaignState(id: created.id, to: .paused, note: nil, sendAt: nil, now: at(11)))
        #expect(try await store.setCampaignState(id: created.id, to: .running, note: nil, sendAt: nil, now: at(12)))
        #expect(try await store.campaign(id: created.id)?.startedAt == at(10))
        #expect(try await store.setCampaignState(id: created.id, to: .finished, note: "done", sendAt: nil, now: at(13)))
        #expect(try await store.campaign(id: created.id)?.finishedAt == at(13))
        #expect(try await !store.setCampaignState(id: created.id, to: .running, note: nil, sendAt: nil, now: at(14)))
        #expect(try await !store.setCampaignState(id: 999, to: .running, note: nil, sendAt: nil, now: at(14)))

        #expect(try await !store.deleteDraftCampaign(id: created.id))
        #expect(try await store.deleteDraftCampaign(id: second.id))
        #expect(try await store.campaign(id: second.id) == nil)
    }

    static func snapshotTakesEligibleSubscribersOnce(_ store: any QueueStore) async throws {
        let (news, vip, ids) = try await audience(store)
        let campaign = try await store.createCampaign(newCampaign(lists: [news.id, vip.id]), now: at(1))
        // Enabled, not suppressed, confirmed on one of the lists; `both` once though on two lists.
        #expect(try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: at(2)) == 4)
        let pending = try await store.pendingRecipients(campaign: campaign.id, limit: 10)
        let expected = ["a@example.org", "b@example.org", "both@example.org", "c@example.org"].map { ids[$0]! }
        #expect(pending.map(\.subscriberID) == expected.sorted())
        #expect(pending.map { $0.subscriber?.email } == ["a", "b", "both", "c"].map { "\($0)@example.org" })
        #expect(try await store.campaign(id: campaign.id)?.snapshotTaken == true)
        // Idempotent: a second run adds nobody, even someone eligible since.
        _ = try await store.setSubscription(
            subscriberID: ids["pending@example.org"]!, listID: vip.id, status: .confirmed, now: at(3))
        #expect(try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: at(3)) == 4)
        #expect(try await store.pendingRecipients(campaign: campaign.id, limit: 2).count == 2)
        // The rows read now show the subscriber as it is now.
        _ = try await store.setSubscriberStatus(id: ids["a@example.org"]!, status: .unsubscribed, now: at(4))
        try await store.suppress(Suppression(email: "b@example.org", reason: .manual, createdAt: at(4)))
        _ = try await store.deleteSubscriber(id: ids["c@example.org"]!)
        let now = try await store.pendingRecipients(campaign: campaign.id, limit: 10)
        #expect(now.map { $0.subscriber?.status } == [.unsubscribed, .enabled, .enabled, nil])
        #expect(now.map(\.suppressed) == [false, true, false, false])
        // A campaign on one list only.
        let vipOnly = try await store.createCampaign(newCampaign(lists: [vip.id]), now: at(5))
        #expect(try await store.snapshotAudience(campaign: vipOnly.id, segment: nil, now: at(5)) == 2)
        await #expect(throws: StorageError.self) {
            _ = try await store.snapshotAudience(campaign: 999, segment: nil, now: at(5))
        }
        // A segment narrows the lists' subscribers, its values bound as arguments.
        _ = try await store.upsertSubscribers(
            [
                SubscriberUpsert(email: "both@example.org", attributes: ["city": .string("Berlin")]),
                SubscriberUpsert(email: "a@example.org", attributes: ["city": .string("Berlin')--")]),
            ], listID: nil, subscriptionStatus: .confirmed, now: at(6))
        let berlin = try await store.createCampaign(newCampaign(lists: [news.id, vip.id]), now: at(6))
        let segment = try SegmentParser.parse("attributes.city = 'Berlin' or email ends with '@nowhere.example'")
        #expect(try await store.snapshotAudience(campaign: berlin.id, segment: segment, now: at(6)) == 1)
        #expect(
            try await store.pendingRecipients(campaign: berlin.id, limit: 10).map(\.subscriberID) == [
                ids["both@example.org"]!
            ])
    }

    static func ledgerAndQueueChangeInOneTransaction(_ store: any QueueStore) async throws {
        let (news, _, ids) = try await audience(store)
        let campaign = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        _ = try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: at(2))
        let a = ids["a@example.org"]!
        let b = ids["b@example.org"]!
        let both = ids["both@example.org"]!
        // Not running yet: refused.
        await #expect(throws: StorageError.self) {
            try await store.enqueueCampaignMessages(
                campaign: campaign.id, [campaignMessage(1, subscriber: a, to: "a@example.org")], skips: [], now: at(3))
        }
        #expect(try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: at(3)))
        try await store.enqueueCampaignMessages(
            campaign: campaign.id, [campaignMessage(1, subscriber: a, to: "a@example.org")],
            skips: [CampaignSkip(subscriberID: b, reason: .renderFailure)], now: at(4))
        let detail = try #require(try await store.message(id(1)))
        #expect(detail.recipients.map(\.recipient) == ["a@example.org"] && detail.tags == ["campaign-1"])
        #expect(try await store.pendingRecipients(campaign: campaign.id, limit: 10).map(\.subscriberID) == [both])

        // A batch with one row no longer pending writes nothing: neither the other message nor the other skip.
        await #expect(throws: StorageError.self) {
            try await store.enqueueCampaignMessages(
                campaign: campaign.id,
                [
                    campaignMessage(2, subscriber: both, to: "both@example.org"),
                    campaignMessage(3, subscriber: a, to: "a@example.org"),
                ], skips: [], now: at(5))
        }
        await #expect(throws: StorageError.self) {
            try await store.enqueueCampaignMessages(
                campaign: campaign.id, [],
                skips: [
                    CampaignSkip(subscriberID: both, reason: .suppressed),
                    CampaignSkip(subscriberID: b, reason: .suppressed),
                ], now: at(5))
        }
        #expect(try await store.envelope(of: id(2)) == nil)
        #expect(try await store.envelope(of: id(3)) == nil)
        #expect(try await store.pendingRecipients(campaign: campaign.id, limit: 10).map(\.subscriberID) == [both])
        let progress = try await store.campaignProgress(campaign: campaign.id)
        #expect(progress.ledger == [.enqueued: 1, .skipped: 1, .pending: 1])
        #expect(progress.skipped == [.renderFailure: 1])
        #expect(progress.queue == [.queued: 1])
        #expect(try await store.campaignWaiting(campaign: campaign.id) == 1)

        // Paused: refused too, so nothing is queued behind a pause's hold.
        #expect(try await store.setCampaignState(id: campaign.id, to: .paused, note: nil, sendAt: nil, now: at(6)))
        await #expect(throws: StorageError.self) {
            try await store.enqueueCampaignMessages(
                campaign: campaign.id, [campaignMessage(2, subscriber: both, to: "both@example.org")], skips: [],
                now: at(6))
        }
        #expect(try await store.envelope(of: id(2)) == nil)
    }

    static func pendingRowsExpireOrAreCancelled(_ store: any QueueStore) async throws {
        let (news, vip, _) = try await audience(store)
        let first = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        let second = try await store.createCampaign(newCampaign(lists: [vip.id]), now: at(1))
        #expect(try await store.snapshotAudience(campaign: first.id, segment: nil, now: at(2)) == 3)
        #expect(try await store.snapshotAudience(campaign: second.id, segment: nil, now: at(2)) == 2)
        #expect(try await store.expirePending(campaign: first.id, now: at(3)) == 3)
        #expect(try await store.expirePending(campaign: first.id, now: at(3)) == 0)
        #expect(try await store.cancelPending(campaign: second.id, now: at(3)) == 2)
        #expect(try await store.campaignProgress(campaign: first.id).ledger == [.expired: 3])
        #expect(try await store.campaignProgress(campaign: first.id).expiredByDeadline == 3)
        #expect(try await store.campaignProgress(campaign: second.id).ledger == [.cancelled: 2])
        #expect(try await store.pendingRecipients(campaign: first.id, limit: 10).isEmpty)
    }

    static func claimSkipsSubscribersWhoLeftSinceEnqueue(_ store: any QueueStore) async throws {
        let (news, vip, ids) = try await audience(store)
        let campaign = try await store.createCampaign(newCampaign(lists: [news.id, vip.id]), now: at(1))
        _ = try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: at(2))
        #expect(try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: at(2)))
        let addresses = ["a@example.org", "b@example.org", "both@example.org", "c@example.org"]
        try await store.enqueueCampaignMessages(
            campaign: campaign.id,
            addresses.enumerated().map { campaignMessage($0.offset + 1, subscriber: ids[$0.element]!, to: $0.element) },
            skips: [], now: at(3))
        try await store.enqueue([message(9, to: ["plain@example.net"])])
        _ = try await store.setSubscriberStatus(id: ids["a@example.org"]!, status: .unsubscribed, now: at(4))
        try await store.suppress(Suppression(email: "b@example.org", reason: .complaint, createdAt: at(4)))
        _ = try await store.deleteSubscriber(id: ids["c@example.org"]!)

        let claimed = try await store.claim(now: at(20), limit: 10, owner: "n/1", leaseUntil: at(80))
        #expect(Set(claimed.map(\.record.recipient)) == ["both@example.org", "plain@example.net"])
        let states = try await states(store)
        #expect(states[key(1)] == .expired && states[key(2)] == .expired && states[key(4)] == .expired)
        let detail = try #require(try await store.message(id(1)))
        #expect(detail.events.last?.state == .expired && detail.events.last?.note == "unsubscribed")
        #expect(try await store.message(id(2))?.events.last?.note == "suppressed")
        #expect(try await store.message(id(4))?.events.last?.note == "unsubscribed")
        let progress = try await store.campaignProgress(campaign: campaign.id)
        #expect(progress.queue == [.expired: 3, .inFlight: 1])
        #expect(progress.queueExpired == ["unsubscribed": 2, "suppressed": 1])
        #expect(progress.waiting == 1)
        #expect(try await store.campaignWaiting(campaign: campaign.id) == 1)
    }

    static func claimHoldsPausedAndDropsCancelledCampaignMail(_ store: any QueueStore) async throws {
        let (news, _, ids) = try await audience(store)
        let paused = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        let cancelled = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        for campaign in [paused, cancelled] {
            _ = try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: at(2))
            #expect(try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: at(2)))
        }
        try await store.enqueueCampaignMessages(
            campaign: paused.id, [campaignMessage(1, subscriber: ids["a@example.org"]!, to: "a@example.org")],
            skips: [], now: at(3))
        try await store.enqueueCampaignMessages(
            campaign: cancelled.id, [campaignMessage(2, subscriber: ids["a@example.org"]!, to: "a@example.org")],
            skips: [], now: at(3))
        // Both changed state after their messages were queued (as when they were in flight at the pause or cancel).
        #expect(try await store.setCampaignState(id: paused.id, to: .paused, note: nil, sendAt: nil, now: at(4)))
        #expect(try await store.setCampaignState(id: cancelled.id, to: .cancelled, note: nil, sendAt: nil, now: at(4)))
        #expect(try await store.claim(now: at(20), limit: 10, owner: "n/1", leaseUntil: at(80)).isEmpty)
        let states = try await states(store)
        #expect(states[key(1)] == .held && states[key(2)] == .expired)
        #expect(try await store.message(id(1))?.events.last?.note == "campaign paused")
        #expect(try await store.message(id(2))?.events.last?.note == "deleted")
        // Resumed and released, it is claimed normally.
        #expect(try await store.setCampaignState(id: paused.id, to: .running, note: nil, sendAt: nil, now: at(21)))
        #expect(try await store.release(RecipientSelector(tag: "campaign-1"), now: at(21)) == 1)
        #expect(try await store.claim(now: at(22), limit: 10, owner: "n/1", leaseUntil: at(82)).count == 1)
    }

    static func progressJoinsLedgerAndQueue(_ store: any QueueStore) async throws {
        let (news, _, ids) = try await audience(store)
        let campaign = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        _ = try await store.snapshotAudience(campaign: campaign.id, segment: nil, now: at(2))
        #expect(try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: at(2)))
        try await store.enqueueCampaignMessages(
            campaign: campaign.id,
            [
                campaignMessage(1, subscriber: ids["a@example.org"]!, to: "a@example.org", deadline: at(100)),
                campaignMessage(2, subscriber: ids["b@example.org"]!, to: "b@example.org", deadline: at(100)),
            ], skips: [], now: at(3))
        let claimed = try await store.claim(now: at(10), limit: 1, owner: "n/1", leaseUntil: at(70))
        try await store.apply(
            [RecipientTransition(key: try #require(claimed.first).record.key, to: .delivered, at: at(11))],
            owner: "n/1")
        _ = try await store.expireDue(now: at(100), maxAge: .seconds(86_400))
        _ = try await store.expirePending(campaign: campaign.id, now: at(100))
        let progress = try await store.campaignProgress(campaign: campaign.id)
        #expect(progress.ledger == [.enqueued: 2, .expired: 1])
        #expect(progress.queue == [.delivered: 1, .expired: 1])
        #expect(progress.queueExpired == ["deadline": 1])
        #expect(progress.expiredByDeadline == 2)
        #expect(progress.waiting == 0)
        #expect(try await store.campaignWaiting(campaign: campaign.id) == 0)
    }
}
