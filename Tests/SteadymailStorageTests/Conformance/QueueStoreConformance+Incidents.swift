import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func incidentLifecycle(_ store: any QueueStore) async throws {
        let first = try await store.openIncident(
            monitor: "relay:primary", relay: "primary", at: at(10), cause: "connection refused")
        let second = try await store.openIncident(monitor: "disk", relay: nil, at: at(20), cause: "1 GiB free")
        #expect(first != second)
        try await store.addIncidentUpdate(id: first, at: at(15), message: "still refused")
        #expect(try await store.openIncidents().map(\.id) == [first, second])

        let impact = IncidentImpact(
            failedOver: 2, deferred: 1, affected: 3, delivered: 3, extraDelay: DelayFigures(p50: 1, p95: 4, max: 4),
            priorities: [LabelCount(name: "bulk", count: 3)], tags: [LabelCount(name: "news", count: 1)])
        try await store.closeIncident(id: first, at: at(70), impact: impact)
        try await store.closeIncident(id: first, at: at(90), impact: nil)
        let closed = try #require(try await store.incident(id: first))
        #expect(
            closed
                == IncidentRecord(
                    id: first, monitor: "relay:primary", relay: "primary", openedAt: at(10), closedAt: at(70),
                    cause: "connection refused", updates: [IncidentUpdate(at: at(15), message: "still refused")],
                    impact: impact))
        #expect(closed.duration(now: at(1000)) == 60)

        #expect(try await store.openIncidents().map(\.id) == [second])
        #expect(try await store.incidents(openOnly: false, limit: 10).map(\.id) == [second, first])
        #expect(try await store.incidents(openOnly: false, limit: 1).map(\.id) == [second])
        #expect(try await store.incidents(openOnly: true, limit: 10).map(\.id) == [second])

        var recomputed = impact
        recomputed.delivered = 2
        try await store.setIncidentImpact(id: first, impact: recomputed)
        #expect(try await store.incident(id: first)?.impact == recomputed)
        #expect(try await store.incident(id: 999_999) == nil)
        await #expect(throws: StorageError.self) {
            try await store.addIncidentUpdate(id: 999_999, at: at(1), message: "x")
        }
        await #expect(throws: StorageError.self) {
            try await store.closeIncident(id: 999_999, at: at(1), impact: nil)
        }
        await #expect(throws: StorageError.self) { try await store.setIncidentImpact(id: 999_999, impact: impact) }
    }

    static func incidentPublicNote(_ store: any QueueStore) async throws {
        let id = try await store.openIncident(monitor: "relay:a", relay: "a", at: at(10), cause: "refused by 10.0.0.1")
        #expect(try await store.incident(id: id)?.publicNote == nil)
        try await store.setIncidentPublicNote(id: id, note: "Our provider <b> is down & we're on it")
        #expect(try await store.incident(id: id)?.publicNote == "Our provider <b> is down & we're on it")
        #expect(try await store.incidents(openOnly: true, limit: 10).first?.publicNote != nil)
        try await store.setIncidentPublicNote(id: id, note: "Resolved upstream")
        try await store.closeIncident(id: id, at: at(20), impact: nil)
        let closed = try #require(try await store.incident(id: id))
        #expect(closed.publicNote == "Resolved upstream" && closed.cause == "refused by 10.0.0.1")
        try await store.setIncidentPublicNote(id: id, note: nil)
        #expect(try await store.incident(id: id)?.publicNote == nil)
        await #expect(throws: StorageError.self) { try await store.setIncidentPublicNote(id: 999_999, note: "x") }
    }

    static func impactEventsFindTheTouchedRecipients(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, to: ["a@x.org", "b@x.org"], priority: .bulk, tags: ["news"]),
            message(2, to: ["c@x.org"], receivedAt: at(1), deliverBy: at(40)),
            message(3, to: ["d@x.org"]),
        ])
        _ = try await store.claim(now: at(10), limit: 10, owner: "w", leaseUntil: at(600))
        try await store.apply(
            [
                // 1.0 failed over from primary, delivered by backup; 1.1 delivered at once (not touched).
                RecipientTransition(
                    key: key(1, 0), to: .delivered, at: at(12), relay: "backup", reply: "250",
                    failovers: [Failover(relay: "primary", reply: "refused", at: at(11))]),
                RecipientTransition(key: key(1, 1), to: .delivered, at: at(12), relay: "backup", reply: "250"),
                // 2.0 waits for lack of a relay.
                RecipientTransition(
                    key: key(2, 0), to: .deferred, at: at(12), nextAttemptAt: at(100), note: "no relay available",
                    refundAttempt: true),
                // 3.0 deferred on another relay (not touched for primary).
                RecipientTransition(
                    key: key(3, 0), to: .deferred, at: at(12), nextAttemptAt: at(500), relay: "backup",
                    reply: "451 later"),
            ], owner: "w")
        _ = try await store.expireDue(now: at(50), maxAge: .seconds(86_400))

        let events = try await store.impactEvents(relay: "primary", from: at(5), to: at(60), limit: 100)
        let touched = Set(events.map { "\($0.messageID.rawValue.suffix(1)).\($0.recipientIndex)" })
        #expect(touched == ["1.0", "2.0"])
        let first = events.filter { $0.messageID == id(1) }
        #expect(first.map(\.state) == [.queued, .inFlight, .inFlight, .delivered])
        #expect(first.allSatisfy { $0.priority == .bulk && $0.tags == ["news"] && $0.receivedAt == t0 })
        #expect(first[2].relay == "primary" && first[2].note == "failed over")
        let second = events.filter { $0.messageID == id(2) }
        #expect(second.map(\.state).suffix(2) == [.deferred, .expired])
        #expect(second.last?.note == "deadline")

        let impact = IncidentImpactCalculator.impact(
            of: events, window: ImpactWindow(relay: "primary", start: at(5), end: at(60)), now: at(60))
        #expect(impact.failedOver == 1 && impact.deferred == 1 && impact.expired == 1)

        let nodeWide = try await store.impactEvents(relay: nil, from: at(5), to: at(60), limit: 100)
        #expect(Set(nodeWide.map(\.messageID)) == [id(1), id(2), id(3)])
        #expect(try await store.impactEvents(relay: "primary", from: at(5), to: at(60), limit: 1).count < events.count)
        #expect(try await store.impactEvents(relay: "primary", from: at(100), to: at(200), limit: 100).isEmpty)
    }
}
