import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func failoversAreRecordedWithTheSettlement(_ store: any QueueStore) async throws {
        try await store.enqueue([message(1, to: ["a@x.org", "b@x.org"])])
        _ = try await store.claim(now: at(1), limit: 10, owner: "w", leaseUntil: at(60))
        let eventsBefore = try #require(try await store.message(id(1))).events.count
        try await store.apply(
            [
                RecipientTransition(
                    key: key(1, 0), to: .delivered, at: at(3), relay: "backup", reply: "250 ok",
                    failovers: [
                        Failover(relay: "primary", reply: "connection refused", at: at(2)),
                        Failover(relay: "second", reply: "421 busy", at: at(2.5)),
                    ]),
                RecipientTransition(key: key(1, 1), to: .delivered, at: at(3), relay: "backup", reply: "250 ok"),
            ], owner: "w")
        let events = try #require(try await store.message(id(1))).events
        #expect(events.count == eventsBefore + 4)
        #expect(
            Array(events.suffix(4))
                == [
                    QueueEvent(
                        time: at(2), recipient: "a@x.org", state: .inFlight, relay: "primary",
                        reply: "connection refused", note: "failed over"),
                    QueueEvent(
                        time: at(2.5), recipient: "a@x.org", state: .inFlight, relay: "second", reply: "421 busy",
                        note: "failed over"),
                    QueueEvent(
                        time: at(3), recipient: "a@x.org", state: .delivered, relay: "backup", reply: "250 ok",
                        note: nil),
                    QueueEvent(
                        time: at(3), recipient: "b@x.org", state: .delivered, relay: "backup", reply: "250 ok",
                        note: nil),
                ])
        #expect(try await store.recipients(matching: RecipientFilter()).map(\.lastRelay) == ["backup", "backup"])
    }
}
