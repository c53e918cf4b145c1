import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    /// Six messages in every situation retention must tell apart, all claimed at 1 s by owner "w":
    /// 1 delivered at 10 s; 2 bounced at 20 s; 3 deferred; 4 queued (arrived after the claim); 5 with one recipient
    /// delivered at 10 s and one still in flight; 6 with one recipient delivered at 30 s and one deferred, then expired
    /// at its deadline, 40 s.
    static func retentionScenario(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1), message(2), message(3), message(5, to: ["a@x.org", "b@x.org"]),
            message(6, to: ["a@x.org", "b@x.org"], deliverBy: at(40)),
        ])
        let claimed = try await store.claim(now: at(1), limit: 100, owner: "w", leaseUntil: at(600))
        #expect(claimed.count == 7)
        try await store.apply(
            [
                RecipientTransition(key: key(1), to: .delivered, at: at(10), reply: "250 ok"),
                RecipientTransition(key: key(5, 0), to: .delivered, at: at(10), reply: "250 ok"),
            ], owner: "w")
        try await store.apply(
            [
                RecipientTransition(key: key(2), to: .bounced, at: at(20), reply: "550 no"),
                RecipientTransition(key: key(3), to: .deferred, at: at(20), nextAttemptAt: at(9000), reply: "451"),
                RecipientTransition(key: key(6, 0), to: .delivered, at: at(30), reply: "250 ok"),
                RecipientTransition(key: key(6, 1), to: .deferred, at: at(30), nextAttemptAt: at(9000), reply: "451"),
            ], owner: "w")
        #expect(try await store.expireDue(now: at(40), maxAge: .seconds(86400)).map(\.record.key) == [key(6, 1)])
        try await store.enqueue([message(4, receivedAt: at(50))])
    }

    static func finishedAtIsTheLastFinalChange(_ store: any QueueStore) async throws {
        try await retentionScenario(store)
        let expected: [Int: Date?] = [
            1: RetentionPolicy.finishedAt([(.delivered, at(10))]),
            2: RetentionPolicy.finishedAt([(.bounced, at(20))]),
            3: nil, 4: nil, 5: nil,
            6: RetentionPolicy.finishedAt([(.delivered, at(30)), (.expired, at(40))]),
        ]
        #expect(expected[6] == at(40))
        for (n, finished) in expected {
            #expect(try #require(try await store.message(id(n))).finishedAt == finished, "message \(n)")
        }
    }

    /// An operator's hold keeps a message unfinished; deleting its recipients (they expire) finishes it.
    static func operatorDeleteFinishesAMessage(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1, to: ["a@x.org", "b@y.org"])])
        #expect(try await store.hold(RecipientSelector(messageID: id(1)), now: at(5)) == 2)
        #expect(try #require(try await store.message(id(1))).finishedAt == nil)
        #expect(try await store.pruneMessages(finishedBefore: at(100_000), limit: 10) == 0)
        #expect(try await store.delete(RecipientSelector(domain: "x.org"), now: at(10)).count == 1)
        #expect(try #require(try await store.message(id(1))).finishedAt == nil)
        #expect(try await store.delete(RecipientSelector(messageID: id(1)), now: at(20)).count == 1)
        #expect(try #require(try await store.message(id(1))).finishedAt == at(20))
        #expect(try await store.pruneMessages(finishedBefore: at(21), limit: 10) == 1)
        #expect(try await store.message(id(1)) == nil)
    }

    static func pruneBodiesKeepsTheRestOfTheMessage(_ store: any QueueStore) async throws {
        try await retentionScenario(store)
        let before = try #require(try await store.message(id(1)))
        #expect(before.bodyRemovedAt == nil)

        #expect(try await store.pruneBodies(finishedBefore: at(25), limit: 1, now: at(100)) == 1)
        #expect(try await store.body(of: id(1)) == nil)
        #expect(try await store.body(of: id(2)) == content())
        let after = try #require(try await store.message(id(1)))
        #expect(after.bodyRemovedAt == at(100))
        #expect(after.recipients == before.recipients)
        #expect(after.events == before.events)
        #expect(after.size == before.size)
        #expect(after.headers == before.headers)

        #expect(try await store.pruneBodies(finishedBefore: at(25), limit: 10, now: at(101)) == 1)
        #expect(try await store.body(of: id(2)) == nil)
        #expect(try await store.pruneBodies(finishedBefore: at(25), limit: 10, now: at(102)) == 0)
        #expect(try #require(try await store.message(id(1))).bodyRemovedAt == at(100))

        #expect(try await store.pruneBodies(finishedBefore: at(100_000), limit: 10, now: at(103)) == 1)
        #expect(try await store.body(of: id(6)) == nil)
        for n in [3, 4, 5] {
            #expect(try await store.body(of: id(n)) == content(), "message \(n) is not finished")
        }
    }

    static func pruneMessagesDeletesOnlyFinishedMessages(_ store: any QueueStore) async throws {
        try await retentionScenario(store)
        #expect(try await store.pruneMessages(finishedBefore: at(20), limit: 10) == 1)
        #expect(try await store.message(id(1)) == nil)
        #expect(try await store.body(of: id(1)) == nil)
        #expect(try await store.message(id(2)) != nil)

        #expect(try await store.pruneMessages(finishedBefore: at(100_000), limit: 1) == 1)
        #expect(try await store.message(id(2)) == nil)
        #expect(try await store.pruneMessages(finishedBefore: at(100_000), limit: 10) == 1)
        #expect(try await store.message(id(6)) == nil)
        #expect(try await store.pruneMessages(finishedBefore: at(100_000), limit: 10) == 0)

        #expect(Set(try await states(store).keys) == [key(3), key(4), key(5, 0), key(5, 1)])
        #expect(try await store.counts().total == 4)
        for n in [3, 4, 5] {
            let detail = try #require(try await store.message(id(n)), "message \(n) is not finished")
            #expect(!detail.events.isEmpty)
            #expect(try await store.body(of: id(n)) == content())
        }
    }

    /// The store's selection agrees with `RetentionPolicy` for every message of the scenario.
    static func pruningFollowsTheRetentionPolicy(_ store: any QueueStore) async throws {
        try await retentionScenario(store)
        let policy = RetentionPolicy(bodies: .seconds(120), events: .seconds(140))
        let now = at(155)
        var verdicts: [Int: RetentionPolicy.Verdict] = [:]
        for n in 1...6 {
            let finished = try #require(try await store.message(id(n))).finishedAt
            verdicts[n] = policy.verdict(finishedAt: finished, now: now)
        }
        #expect(verdicts == [1: .removeMessage, 2: .removeBody, 3: .keep, 4: .keep, 5: .keep, 6: .keep])

        _ = try await store.pruneMessages(finishedBefore: policy.rowsCutoff(now: now), limit: 100)
        _ = try await store.pruneBodies(finishedBefore: policy.bodyCutoff(now: now), limit: 100, now: now)
        for (n, verdict) in verdicts {
            let detail = try await store.message(id(n))
            let body = try await store.body(of: id(n))
            switch verdict {
            case .removeMessage:
                #expect(detail == nil, "message \(n)")
            case .removeBody:
                #expect(detail != nil && body == nil, "message \(n)")
            case .keep:
                #expect(detail != nil && body == content(), "message \(n)")
            }
        }
    }

    static func reclaimSpaceNeverFails(_ store: any QueueStore) async throws {
        #expect(try await store.reclaimSpace(pages: 0) == 0)
        try await store.enqueue([message(1, content: [UInt8](repeating: 65, count: 200_000))])
        let claimed = try await store.claim(now: at(1), limit: 1, owner: "w", leaseUntil: at(60))
        try await store.apply(
            claimed.map { RecipientTransition(key: $0.record.key, to: .delivered, at: at(2)) }, owner: "w")
        #expect(try await store.pruneBodies(finishedBefore: at(3), limit: 1, now: at(3)) == 1)
        #expect(try await store.reclaimSpace(pages: 1_000_000) >= 0)
        #expect(try await store.message(id(1))?.bodyRemovedAt == at(3))
    }
}
