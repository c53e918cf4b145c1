import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    /// Message 3 in flight, 4 delivered, 5 deferred (on relay `a`, due at 3600); 1 and 2 queued. Recipients at
    /// `hold.example` in every state, plus one at `other.example`.
    static func enqueueOneOfEachState(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(3, to: ["d@hold.example"], receivedAt: at(0)),
            message(4, to: ["e@hold.example"], receivedAt: at(1)),
            message(5, to: ["f@hold.example"], receivedAt: at(2)),
            message(1, to: ["a@hold.example", "b@other.example"], receivedAt: at(10)),
            message(2, to: ["c@HOLD.example"], receivedAt: at(11)),
        ])
        let claimed = try await store.claim(now: at(20), limit: 3, owner: "w", leaseUntil: at(99_999))
        #expect(claimed.map(\.record.key) == [key(3), key(4), key(5)])
        try await store.apply(
            [
                RecipientTransition(key: key(4), to: .delivered, at: at(21), relay: "a", reply: "250 ok"),
                RecipientTransition(
                    key: key(5), to: .deferred, at: at(21), nextAttemptAt: at(3600), relay: "a", reply: "451 busy"),
            ], owner: "w")
    }

    static func holdActsOnExactlyTheSelectedWaitingRecipients(_ store: any QueueStore) async throws {
        try await enqueueOneOfEachState(store)

        #expect(try await store.hold(RecipientSelector(domain: "Hold.Example"), now: at(30)) == 3)
        #expect(
            try await states(store) == [
                key(1, 0): .held, key(1, 1): .queued, key(2): .held, key(3): .inFlight, key(4): .delivered,
                key(5): .held,
            ])
        let event = try #require(try await store.message(id(1))).events.last { $0.recipient == "a@hold.example" }
        #expect(event?.state == .held)
        #expect(event?.note == "held")
        #expect(event?.time == at(30))
        #expect(try await store.counts().byState[.held] == 3)
        #expect(
            try await store.counts(of: RecipientSelector(domain: "hold.example")) == [
                .held: 3, .inFlight: 1, .delivered: 1,
            ])

        #expect(try await store.hold(RecipientSelector(domain: "hold.example"), now: at(31)) == 0, "not idempotent")
        let events = try #require(try await store.message(id(1))).events
        #expect(events.filter { $0.note == "held" }.count == 1)
    }

    static func heldRecipientsAreNeitherClaimedNorExpired(_ store: any QueueStore) async throws {
        try await enqueueOneOfEachState(store)
        _ = try await store.hold(RecipientSelector(domain: "hold.example"), now: at(30))
        #expect(try await store.nextAttemptTime() == at(10))

        let claimed = try await store.claim(now: at(99_000), limit: 10, owner: "w", leaseUntil: at(99_999))
        #expect(claimed.map(\.record.key) == [key(1, 1)])
        #expect(try await store.nextAttemptTime() == nil)
        #expect(try await store.nextExpiryTime(maxAge: .seconds(60)) == nil)
        #expect(try await store.expireDue(now: at(99_000), maxAge: .seconds(60)).isEmpty)
        #expect(try await store.counts().byState[.held] == 3)
    }

    static func releaseMakesHeldRecipientsDueAtOnce(_ store: any QueueStore) async throws {
        try await enqueueOneOfEachState(store)
        _ = try await store.hold(RecipientSelector(domain: "hold.example"), now: at(30))

        #expect(try await store.release(RecipientSelector(messageID: id(5)), now: at(40)) == 1)
        #expect(try await states(store)[key(5)] == .queued)
        let event = try #require(try await store.message(id(5))).events.last
        #expect(event?.state == .queued)
        #expect(event?.note == "released")
        let due = try await store.claim(now: at(40), limit: 10, owner: "w", leaseUntil: at(99_999))
        #expect(due.map(\.record.key) == [key(5), key(1, 1)], "a released recipient is due at once")
        #expect(try await store.release(RecipientSelector(messageID: id(5)), now: at(41)) == 0, "not idempotent")

        #expect(try await store.release(RecipientSelector(domain: "hold.example"), now: at(42)) == 2)
        #expect(try await states(store)[key(1, 0)] == .queued)
        #expect(try await states(store)[key(2)] == .queued)
        #expect(try await store.release(RecipientSelector(domain: "hold.example"), now: at(43)) == 0)
    }

    static func releasedRecipientsPastTheirLifetimeExpire(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1, to: ["a@x.example"], receivedAt: at(0))])
        #expect(try await store.hold(RecipientSelector(messageID: id(1)), now: at(1)) == 1)
        #expect(try await store.expireDue(now: at(500), maxAge: .seconds(60)).isEmpty)
        #expect(try await store.release(RecipientSelector(messageID: id(1)), now: at(500)) == 1)
        let expired = try await store.expireDue(now: at(500), maxAge: .seconds(60))
        #expect(expired.map(\.record.key) == [key(1)])
        #expect(expired.map(\.reason) == ["max_age"])
    }

    static func deleteExpiresExactlyTheSelectedRecipients(_ store: any QueueStore) async throws {
        try await enqueueOneOfEachState(store)
        try await store.enqueue([
            message(6, to: ["g@tagged.example", "h@tagged.example"], receivedAt: at(50), tags: ["Campaign", "x"]),
            message(7, to: ["i@tagged.example"], receivedAt: at(51), tags: ["other"]),
        ])
        _ = try await store.hold(RecipientSelector(messageID: id(2)), now: at(52))

        let deleted = try await store.delete(RecipientSelector(domain: "hold.example"), now: at(60))
        #expect(deleted.map(\.record.key) == [key(1, 0), key(2), key(5)])
        #expect(deleted.allSatisfy { $0.reason == "deleted" && $0.record.state == .expired })
        #expect(
            try await states(store) == [
                key(1, 0): .expired, key(1, 1): .queued, key(2): .expired, key(3): .inFlight, key(4): .delivered,
                key(5): .expired, key(6, 0): .queued, key(6, 1): .queued, key(7): .queued,
            ])
        let event = try #require(try await store.message(id(2))).events.last
        #expect(event?.state == .expired)
        #expect(event?.note == "deleted")
        #expect(try await store.delete(RecipientSelector(domain: "hold.example"), now: at(61)).isEmpty)

        let byTag = try await store.delete(RecipientSelector(tag: "CAMPAIGN"), now: at(62))
        #expect(byTag.map(\.record.key) == [key(6, 0), key(6, 1)])
        #expect(try await states(store)[key(7)] == .queued)
        #expect(try await store.nextExpiryTime(maxAge: .seconds(86_400)) == at(10 + 86_400))
    }

    static func tagsAreStoredOnceWithTheirSpelling(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1, tags: ["News", "news", "2026-11"]), message(2)])
        #expect(try #require(try await store.message(id(1))).tags == ["News", "2026-11"])
        #expect(try #require(try await store.message(id(2))).tags == [])
        #expect(try await store.counts(of: RecipientSelector(tag: "NEWS")) == [.queued: 1])
        #expect(try await store.counts(of: RecipientSelector(tag: "new")) == [:])
    }

    static func senderSelectsByEnvelopeSender(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, to: ["a@x.example", "b@y.example"], sender: "Boss@Example.org"),
            message(2, to: ["c@x.example"], sender: "boss@example.org.evil"),
            message(3, to: ["d@x.example"], sender: ""),
            message(4, to: ["e@x.example"]),
        ])
        #expect(try await store.hold(RecipientSelector(sender: "boss@EXAMPLE.org"), now: at(1)) == 2)
        #expect(try await store.hold(RecipientSelector(sender: ""), now: at(1)) == 1)
        #expect(
            try await states(store) == [
                key(1, 0): .held, key(1, 1): .held, key(2): .queued, key(3): .held, key(4): .queued,
            ])
        let both = RecipientSelector(domain: "y.example", sender: "boss@example.org")
        #expect(try await store.delete(both, now: at(2)).map(\.record.key) == [key(1, 1)])
        #expect(try await states(store)[key(1, 0)] == .held)
    }

    static func relaySelectsByTheLastAttempt(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, to: ["a@x.example"], receivedAt: at(0)), message(2, to: ["b@x.example"], receivedAt: at(1)),
            message(3, to: ["c@x.example"], receivedAt: at(2)),
        ])
        _ = try await store.claim(now: at(3), limit: 3, owner: "w", leaseUntil: at(600))
        try await store.apply(
            [
                RecipientTransition(key: key(1), to: .deferred, at: at(4), nextAttemptAt: at(3600), relay: "a"),
                RecipientTransition(key: key(2), to: .deferred, at: at(4), nextAttemptAt: at(3600), relay: "b"),
                RecipientTransition(key: key(3), to: .deferred, at: at(4), nextAttemptAt: at(3600)),
            ], owner: "w")
        let records = try await store.recipients(matching: RecipientFilter())
        #expect(records.map(\.lastRelay) == ["a", "b", nil])

        #expect(try await store.retryNow(RecipientSelector(relay: "a"), now: at(5)) == 1)
        #expect(try await store.retryNow(RecipientSelector(relay: "a"), now: at(5)) == 0, "not idempotent")
        let due = try await store.claim(now: at(5), limit: 3, owner: "w", leaseUntil: at(600))
        #expect(due.map(\.record.key) == [key(1)])
        #expect(try #require(try await store.message(id(1))).events.contains { $0.note == "retry requested" })

        // A later transition without a relay (no relay available) keeps the last relay that was tried.
        try await store.apply([RecipientTransition(key: key(1), to: .queued, at: at(6))], owner: "w")
        #expect(try await store.hold(RecipientSelector(relay: "a"), now: at(7)) == 1)
        #expect(try await states(store) == [key(1): .held, key(2): .deferred, key(3): .deferred])
    }
}
