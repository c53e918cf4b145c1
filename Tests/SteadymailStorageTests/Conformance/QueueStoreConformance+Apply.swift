import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func applyRecordsOutcomes(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1, to: ["a@x.org", "b@x.org", "c@x.org"])])
        _ = try await store.claim(now: at(1), limit: 10, owner: "w", leaseUntil: at(60))
        try await store.apply(
            [
                RecipientTransition(
                    key: key(1, 0), to: .delivered, at: at(2), relay: "mx.x.org", reply: "250 ok"),
                RecipientTransition(
                    key: key(1, 1), to: .bounced, at: at(2), relay: "mx.x.org", reply: "550 no"),
                RecipientTransition(
                    key: key(1, 2), to: .deferred, at: at(2), nextAttemptAt: at(300), reply: "451"),
            ], owner: "w")

        let records = try await store.recipients(matching: RecipientFilter())
        #expect(records.map(\.state) == [.delivered, .bounced, .deferred])
        #expect(records.map(\.lastReply) == ["250 ok", "550 no", "451"])
        #expect(records.map(\.nextAttemptAt) == [nil, nil, at(300)])

        let retried = try await store.claim(now: at(300), limit: 10, owner: "w", leaseUntil: at(360))
        #expect(retried.map(\.record.key) == [key(1, 2)])
        try await store.apply(
            [RecipientTransition(key: key(1, 2), to: .expired, at: at(301), note: "lifetime passed")],
            owner: "w")
        #expect(
            try await states(store) == [key(1, 0): .delivered, key(1, 1): .bounced, key(1, 2): .expired])

        let events = try #require(try await store.message(id(1))).events
        #expect(
            events.last
                == QueueEvent(
                    time: at(301), recipient: "c@x.org", state: .expired, relay: nil, reply: nil,
                    note: "lifetime passed"))
        #expect(events.count == 11)
    }

    static func applyRejectsWrongOwner(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1, to: ["a@x.org", "b@x.org"])])
        _ = try await store.claim(now: at(1), limit: 10, owner: "w1", leaseUntil: at(60))

        await #expect(throws: StorageError.self) {
            try await store.apply(
                [
                    RecipientTransition(key: key(1, 0), to: .delivered, at: at(2)),
                    RecipientTransition(key: key(1, 1), to: .delivered, at: at(2)),
                ], owner: "w2")
        }
        #expect(try await states(store) == [key(1, 0): .inFlight, key(1, 1): .inFlight])
    }

    static func applyIsAllOrNothing(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1, to: ["a@x.org", "b@x.org"])])
        _ = try await store.claim(now: at(1), limit: 10, owner: "w", leaseUntil: at(60))
        let eventsBefore = try #require(try await store.message(id(1))).events

        let forbidden = [
            RecipientTransition(key: key(1, 0), to: .delivered, at: at(2)),
            RecipientTransition(key: key(1, 1), to: .inFlight, at: at(2)),
        ]
        let unknown = [
            RecipientTransition(key: key(1, 0), to: .delivered, at: at(2)),
            RecipientTransition(key: key(9, 0), to: .delivered, at: at(2)),
        ]
        let twice = [
            RecipientTransition(key: key(1, 0), to: .deferred, at: at(2)),
            RecipientTransition(key: key(1, 0), to: .delivered, at: at(2)),
        ]
        for batch in [forbidden, unknown, twice] {
            do {
                try await store.apply(batch, owner: "w")
                Issue.record("batch was applied: \(batch)")
            } catch let error as StorageError {
                guard case .conflict = error else {
                    Issue.record("expected a conflict, got \(error)")
                    continue
                }
            }
        }
        #expect(try await states(store) == [key(1, 0): .inFlight, key(1, 1): .inFlight])
        #expect(try #require(try await store.message(id(1))).events == eventsBefore)
    }
}
