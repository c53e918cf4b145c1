import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func webhook(
        _ id: String, events: [WebhookEventType] = WebhookEventType.allCases, createdAt: Date = t0
    ) -> WebhookRecord {
        WebhookRecord(
            id: id, url: "https://hooks.example.net/\(id)", events: events, description: "for \(id)",
            secret: "whsec_\(id)", createdAt: createdAt)
    }

    /// Claims, acknowledges and collects every outbox entry, in the order a dispatcher would send them.
    static func drainWebhooks(_ store: any QueueStore, now: Date = at(3600)) async throws -> [WebhookDelivery] {
        var sent: [WebhookDelivery] = []
        while true {
            let claimed = try await store.claimWebhookDeliveries(
                now: now, limit: 100, leaseUntil: now.addingTimeInterval(30))
            guard !claimed.isEmpty else { return sent }
            for delivery in claimed { try await store.markWebhookDelivered(delivery.id, now: now) }
            sent += claimed
        }
    }

    static func webhooksAreStoredListedAndRemoved(_ store: any QueueStore) async throws {
        let first = webhook("wh_first", events: [.bounced, .delivered], createdAt: at(1))
        let second = webhook("wh_second", events: [.queued], createdAt: at(2))
        try await store.createWebhook(second)
        try await store.createWebhook(first)
        var listed = try await store.webhooks()
        #expect(listed.map(\.id) == ["wh_first", "wh_second"])
        #expect(listed[0].events == [.delivered, .bounced])
        #expect(listed[0].secret == "whsec_wh_first")
        #expect(listed[0].description == "for wh_first")
        #expect(listed[0].createdAt == at(1))
        await #expect(throws: StorageError.self) { try await store.createWebhook(first) }

        #expect(try await store.removeWebhook(id: "wh_first"))
        #expect(try await !store.removeWebhook(id: "wh_first"))
        listed = try await store.webhooks()
        #expect(listed.map(\.id) == ["wh_second"])
    }

    static func subscribedEventsEnterTheOutboxWithTheirChange(_ store: any QueueStore) async throws {
        try await store.createWebhook(webhook("wh_all", events: [.queued, .delivered, .bounced, .deferred]))
        try await store.createWebhook(webhook("wh_delivered", events: [.delivered]))
        try await store.enqueue([message(1, to: ["a@x.org", "b@x.org"], receivedAt: at(1), tags: ["Blue", "red"])])
        #expect(try await store.pendingWebhookDeliveries() == 2)
        _ = try await store.claim(now: at(2), limit: 10, owner: "w", leaseUntil: at(60))
        #expect(try await store.pendingWebhookDeliveries() == 2, "a claim is not announced")
        try await store.apply(
            [
                RecipientTransition(key: key(1, 0), to: .delivered, at: at(3), relay: "r1", reply: "250 ok"),
                RecipientTransition(
                    key: key(1, 1), to: .deferred, at: at(3), nextAttemptAt: at(60), relay: "r1", reply: "451 later",
                    note: "maybe"),
            ], owner: "w")
        #expect(try await store.pendingWebhookDeliveries() == 5)

        let sent = try await drainWebhooks(store)
        let all = sent.filter { $0.webhookID == "wh_all" }
        #expect(all.map(\.event.type) == [.queued, .queued, .delivered, .deferred])
        #expect(all.map(\.event.recipient) == [key(1, 0), key(1, 1), key(1, 0), key(1, 1)])
        #expect(all.map(\.event.address) == ["a@x.org", "b@x.org", "a@x.org", "b@x.org"])
        #expect(all.map(\.event.time) == [at(1), at(1), at(3), at(3)])
        #expect(all.map(\.event.id) == all.map(\.event.id).sorted())
        #expect(Set(all.map(\.event.id)).count == 4)
        #expect(all.allSatisfy { $0.event.tags == ["Blue", "red"] && $0.url == "https://hooks.example.net/wh_all" })
        #expect(all.allSatisfy { $0.secret == "whsec_wh_all" && $0.attempts == 1 })
        let deferred = try #require(all.last?.event)
        #expect(deferred.relay == "r1")
        #expect(deferred.reply == "451 later")
        #expect(deferred.note == "maybe")
        let delivered = sent.filter { $0.webhookID == "wh_delivered" }
        #expect(delivered.map(\.event.type) == [.delivered])
        #expect(delivered.first?.event.id == all[2].event.id, "one event has one id for every webhook")
        #expect(try await store.pendingWebhookDeliveries() == 0)
        #expect(
            try await store.webhookDeliveryCounts() == [
                "wh_all": WebhookDeliveryCounts(delivered: 4), "wh_delivered": WebhookDeliveryCounts(delivered: 1),
            ])
    }

    static func operationsAndTimersAnnounceTheirEvents(_ store: any QueueStore) async throws {
        try await store.createWebhook(webhook("wh_all"))
        try await store.enqueue([
            message(1, to: ["held@x.org"], receivedAt: at(0)), message(2, to: ["gone@x.org"], receivedAt: at(0)),
            message(3, to: ["old@x.org"], receivedAt: at(0)), message(4, to: ["busy@x.org"], receivedAt: at(0)),
        ])
        let byID: (Int) -> RecipientSelector = { RecipientSelector(messageID: id($0)) }
        #expect(try await store.hold(byID(1), now: at(1)) == 1)
        #expect(try await store.release(byID(1), now: at(2)) == 1)
        #expect(try await store.delete(byID(2), now: at(3)).count == 1)
        #expect(try await store.warnDelayed(receivedBefore: at(0), now: at(4), limit: 10).count == 3)
        _ = try await store.claim(now: at(5), limit: 10, owner: "w", leaseUntil: at(6))
        #expect(try await store.releaseExpiredLeases(now: at(7)) == 3, "lease returns are not announced")
        _ = try await store.claim(now: at(8), limit: 10, owner: "w", leaseUntil: at(60))
        try await store.apply(
            [
                RecipientTransition(
                    key: key(1, 0), to: .queued, at: at(9), note: "delivery stopped", refundAttempt: true),
                RecipientTransition(
                    key: key(3, 0), to: .deferred, at: at(9), nextAttemptAt: at(10), note: "relays busy",
                    refundAttempt: true),
                RecipientTransition(key: key(4, 0), to: .deferred, at: at(9), nextAttemptAt: at(10), reply: "421"),
            ], owner: "w")
        #expect(try await store.retryNow(byID(4), now: at(9.5)) == 1, "an operator's retry is not announced")
        #expect(try await store.expireDue(now: at(100), maxAge: .seconds(50)).count == 3)

        let types = Dictionary(grouping: try await drainWebhooks(store), by: \.event.recipient.messageID)
            .mapValues { $0.map(\.event.type) }
        #expect(types[id(1)] == [.queued, .held, .released, .delayed, .expired])
        #expect(types[id(2)] == [.queued, .deleted])
        #expect(types[id(3)] == [.queued, .delayed, .expired])
        #expect(types[id(4)] == [.queued, .delayed, .deferred, .expired])
    }

    static func webhookClaimsKeepEachMessageInOrder(_ store: any QueueStore) async throws {
        try await store.createWebhook(webhook("wh_q", events: [.queued]))
        try await store.enqueue([
            message(1, to: ["a0@x.org", "a1@x.org"], receivedAt: at(0)),
            message(2, to: ["b0@x.org"], receivedAt: at(0)),
        ])
        let first = try await store.claimWebhookDeliveries(now: at(0), limit: 10, leaseUntil: at(30))
        #expect(first.map(\.event.recipient) == [key(1, 0), key(2, 0)], "a1 waits for a0")
        try await store.markWebhookDelivered(first[1].id, now: at(1))
        try await store.rescheduleWebhookDelivery(first[0].id, nextAttemptAt: at(60), error: "503", now: at(1))
        #expect(try await store.claimWebhookDeliveries(now: at(1), limit: 10, leaseUntil: at(31)).isEmpty)

        try await store.enqueue([message(3, to: ["c0@x.org"], receivedAt: at(2))])
        let other = try await store.claimWebhookDeliveries(now: at(2), limit: 10, leaseUntil: at(32))
        #expect(other.map(\.event.recipient) == [key(3, 0)], "a failing message holds back only itself")
        try await store.markWebhookDelivered(other[0].id, now: at(2))

        #expect(try await store.claimWebhookDeliveries(now: at(59), limit: 10, leaseUntil: at(89)).isEmpty)
        let retried = try await store.claimWebhookDeliveries(now: at(60), limit: 10, leaseUntil: at(90))
        #expect(retried.map(\.event.recipient) == [key(1, 0)])
        #expect(retried.first?.attempts == 2)
        try await store.markWebhookDelivered(retried[0].id, now: at(61))
        let next = try await store.claimWebhookDeliveries(now: at(61), limit: 10, leaseUntil: at(91))
        #expect(next.map(\.event.recipient) == [key(1, 1)])
        #expect(next.first?.attempts == 1)
    }

    static func leasedWebhookEntriesWaitForTheirLease(_ store: any QueueStore) async throws {
        try await store.createWebhook(webhook("wh_q", events: [.queued]))
        try await store.enqueue([message(1, receivedAt: at(0))])
        #expect(try await store.claimWebhookDeliveries(now: at(0), limit: 0, leaseUntil: at(30)).isEmpty)
        let first = try await store.claimWebhookDeliveries(now: at(0), limit: 10, leaseUntil: at(30))
        #expect(first.count == 1)
        #expect(try await store.claimWebhookDeliveries(now: at(29), limit: 10, leaseUntil: at(59)).isEmpty)
        let again = try await store.claimWebhookDeliveries(now: at(30), limit: 10, leaseUntil: at(60))
        #expect(again.map(\.id) == first.map(\.id), "an entry whose lease ended (its sender died) is sent again")
        #expect(again.first?.attempts == 2)
    }

    static func webhookEntriesAreGivenUpAfterMaxAge(_ store: any QueueStore) async throws {
        try await store.createWebhook(webhook("wh_q", events: [.queued]))
        try await store.enqueue([
            message(1, to: ["a0@x.org", "a1@x.org"], receivedAt: at(0)), message(2, receivedAt: at(0)),
            message(3, receivedAt: at(10)),
        ])
        let leased = try await store.claimWebhookDeliveries(now: at(0), limit: 1, leaseUntil: at(100))
        #expect(leased.map(\.event.recipient) == [key(1, 0)])
        #expect(try await store.giveUpWebhookDeliveries(happenedBefore: at(-1), now: at(50), limit: 10).isEmpty)
        let given = try await store.giveUpWebhookDeliveries(happenedBefore: at(5), now: at(50), limit: 10)
        #expect(given.map(\.event.recipient) == [key(1, 1), key(2, 0)], "a leased entry finishes its attempt")
        #expect(try await store.pendingWebhookDeliveries() == 2)

        try await store.giveUpWebhookDelivery(leased[0].id, error: "connection refused", now: at(51))
        let remaining = try await drainWebhooks(store)
        #expect(remaining.map(\.event.recipient) == [key(3, 0)])
        #expect(try await store.webhookDeliveryCounts() == ["wh_q": WebhookDeliveryCounts(delivered: 1, failed: 3)])
        #expect(try await store.giveUpWebhookDeliveries(happenedBefore: at(100), now: at(100), limit: 10).isEmpty)
    }

    static func removingAWebhookDropsWhatItIsOwed(_ store: any QueueStore) async throws {
        try await store.createWebhook(webhook("wh_a", events: [.queued]))
        try await store.createWebhook(webhook("wh_b", events: [.queued]))
        try await store.enqueue([message(1)])
        #expect(try await store.pendingWebhookDeliveries() == 2)
        #expect(try await store.removeWebhook(id: "wh_a"))
        #expect(try await store.pendingWebhookDeliveries() == 1)
        try await store.enqueue([message(2)])
        let sent = try await drainWebhooks(store)
        #expect(sent.map(\.webhookID) == ["wh_b", "wh_b"])
    }

    /// Retention removes a finished message with its outbox entries, acknowledged or not; other messages keep theirs.
    static func pruningAMessageRemovesItsOutboxEntries(_ store: any QueueStore) async throws {
        try await store.createWebhook(webhook("wh_d", events: [.queued, .delivered]))
        try await store.enqueue([message(1, receivedAt: at(0)), message(2, receivedAt: at(0))])
        _ = try await store.claim(now: at(1), limit: 10, owner: "w", leaseUntil: at(60))
        try await store.apply([RecipientTransition(key: key(1), to: .delivered, at: at(2))], owner: "w")
        let first = try await store.claimWebhookDeliveries(now: at(3), limit: 10, leaseUntil: at(33))
        #expect(first.map(\.event.recipient) == [key(1), key(2)])
        try await store.markWebhookDelivered(first[0].id, now: at(4))
        #expect(try await store.pendingWebhookDeliveries() == 2)

        #expect(try await store.pruneMessages(finishedBefore: at(100), limit: 10) == 1)
        #expect(try await store.pendingWebhookDeliveries() == 1, "message 1's delivered event went with it")
        #expect(try await store.webhookDeliveryCounts() == ["wh_d": WebhookDeliveryCounts(pending: 1)])
        try await store.markWebhookDelivered(first[1].id, now: at(5))
        #expect(try await drainWebhooks(store).isEmpty)
    }
}
