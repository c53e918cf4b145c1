import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static let objectiveTargets: [Priority: Duration] = [
        .transactional: .seconds(60), .timeCritical: .seconds(900), .bulk: .seconds(14400),
    ]

    /// Message 1 (transactional, at 0): on time, late, bounced, and one still waiting; message 2 (transactional, at
    /// 100) still waiting; message 3 (bulk, at 10) expired by its deadline; message 4 (transactional) the next day.
    static func fillObjectiveHistory(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, to: ["a@x.org", "b@x.org", "c@x.org", "d@x.org"]),
            message(3, priority: .bulk, receivedAt: at(10), deliverBy: at(50)),
        ])
        _ = try await store.claim(
            now: at(1), limit: 10, owner: "w", leaseUntil: at(600), priorities: [.transactional])
        try await store.apply(
            [
                RecipientTransition(key: key(1, 0), to: .delivered, at: at(30), relay: "r", reply: "250 ok"),
                RecipientTransition(key: key(1, 1), to: .delivered, at: at(90), relay: "r", reply: "250 ok"),
                RecipientTransition(key: key(1, 2), to: .bounced, at: at(5), relay: "r", reply: "550 no"),
                RecipientTransition(key: key(1, 3), to: .queued, at: at(5), refundAttempt: true),
            ], owner: "w")
        _ = try await store.expireDue(now: at(60), maxAge: .seconds(999_999))
        try await store.enqueue([message(2, receivedAt: at(100)), message(4, receivedAt: at(86400))])
        let claimed = try await store.claim(
            now: at(86401), limit: 10, owner: "w", leaseUntil: at(90000), priorities: [.transactional])
        for recipient in claimed.map(\.record) where recipient.key.messageID == id(4) {
            try await store.apply(
                [RecipientTransition(key: recipient.key, to: .delivered, at: at(86410), relay: "r", reply: "250")],
                owner: "w")
        }
        for recipient in claimed.map(\.record) where recipient.key.messageID != id(4) {
            try await store.apply(
                [RecipientTransition(key: recipient.key, to: .queued, at: at(86402), refundAttempt: true)],
                owner: "w")
        }
    }

    static func deliveryOutcomesJudgeRecipientsAgainstTheirTarget(_ store: any QueueStore) async throws {
        try await fillObjectiveHistory(store)
        let window = try await store.deliveryOutcomes(
            from: at(0), to: at(200), targets: objectiveTargets, now: at(120), bucket: nil)
        #expect(
            window == [
                DeliveryOutcomeBucket(
                    priority: .transactional, start: at(0),
                    counts: DeliveryOutcomeCounts(onTime: 1, late: 2, pending: 1, bounced: 1)),
                DeliveryOutcomeBucket(priority: .bulk, start: at(0), counts: DeliveryOutcomeCounts(late: 1)),
            ])
        let later = try await store.deliveryOutcomes(
            from: at(50), to: at(200), targets: objectiveTargets, now: at(120), bucket: nil)
        #expect(
            later == [
                DeliveryOutcomeBucket(
                    priority: .transactional, start: at(50), counts: DeliveryOutcomeCounts(pending: 1))
            ])
    }

    static func deliveryOutcomesGroupByDay(_ store: any QueueStore) async throws {
        try await fillObjectiveHistory(store)
        let day = Date(timeIntervalSince1970: (t0.timeIntervalSince1970 / 86400).rounded(.down) * 86400)
        let days = try await store.deliveryOutcomes(
            from: at(0), to: at(2 * 86400), targets: objectiveTargets, now: at(86500), bucket: .seconds(86400))
        #expect(
            days == [
                DeliveryOutcomeBucket(
                    priority: .transactional, start: day,
                    counts: DeliveryOutcomeCounts(onTime: 1, late: 3, pending: 0, bounced: 1)),
                DeliveryOutcomeBucket(priority: .bulk, start: day, counts: DeliveryOutcomeCounts(late: 1)),
                DeliveryOutcomeBucket(
                    priority: .transactional, start: day.addingTimeInterval(86400),
                    counts: DeliveryOutcomeCounts(onTime: 1)),
            ])
    }
}
