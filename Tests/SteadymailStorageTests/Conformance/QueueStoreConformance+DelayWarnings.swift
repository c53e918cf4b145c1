import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    /// Only undelivered recipients old enough are warned about, each once, with a `delayed` event; final ones never.
    static func warnDelayedOncePerRecipient(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, to: ["a@one.example", "b@one.example"], receivedAt: at(0)),
            message(2, to: ["c@two.example"], receivedAt: at(10)),
            message(3, to: ["d@three.example"], receivedAt: at(100)),
        ])
        let claimed = try await store.claim(now: at(101), limit: 3, owner: "w", leaseUntil: at(600))
        let delivered = try #require(claimed.first { $0.record.key == key(1, 1) })
        let deferred = try #require(claimed.first { $0.record.key == key(1, 0) })
        try await store.apply(
            [
                RecipientTransition(key: delivered.record.key, to: .delivered, at: at(102), relay: "r", reply: "250"),
                RecipientTransition(
                    key: deferred.record.key, to: .deferred, at: at(102), nextAttemptAt: at(900), reply: "451 4.2.0"),
            ], owner: "w")

        #expect(try await store.nextDelayWarningTime(delay: .seconds(50)) == at(50))
        let first = try await store.warnDelayed(receivedBefore: at(50), now: at(103), limit: 10)
        #expect(first.map(\.key) == [key(1, 0), key(2)])
        #expect(first.first?.lastReply == "451 4.2.0")
        #expect(try await store.warnDelayed(receivedBefore: at(50), now: at(104), limit: 10).isEmpty)
        #expect(try await store.nextDelayWarningTime(delay: .seconds(50)) == at(150))

        let events = try #require(try await store.message(id(1))).events
        #expect(events.filter { $0.note == "delayed" }.map(\.recipient) == ["a@one.example"])
        #expect(events.last?.state == .deferred)
        let inFlight = try #require(try await store.message(id(2))).events.last
        #expect(inFlight?.note == "delayed")
        #expect(inFlight?.state == .inFlight)
    }

    /// The limit bounds one pass; the oldest are warned first and the rest on the next pass.
    static func warnDelayedHonoursTheLimit(_ store: any QueueStore) async throws {
        try await store.enqueue((1...5).map { message($0, receivedAt: at(Double($0))) })
        let first = try await store.warnDelayed(receivedBefore: at(100), now: at(200), limit: 2)
        #expect(first.map(\.key) == [key(1), key(2)])
        let rest = try await store.warnDelayed(receivedBefore: at(100), now: at(200), limit: 10)
        #expect(rest.map(\.key) == [key(3), key(4), key(5)])
        #expect(try await store.nextDelayWarningTime(delay: .seconds(1)) == nil)
    }
}
