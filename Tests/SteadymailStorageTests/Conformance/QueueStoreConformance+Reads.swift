import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func countsByStateAndPriority(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, to: ["a@x.org", "b@x.org"], priority: .transactional),
            message(2, to: ["c@x.org"], priority: .bulk, receivedAt: at(1)),
        ])
        _ = try await store.claim(now: at(2), limit: 1, owner: "w", leaseUntil: at(60))

        let counts = try await store.counts()
        #expect(counts.byState == [.queued: 2, .inFlight: 1])
        #expect(
            counts.byPriority == [.transactional: [.queued: 1, .inFlight: 1], .bulk: [.queued: 1]])
        #expect(counts.total == 3)
    }

    static func filters(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, to: ["a@Example.COM", "b@other.org"], receivedAt: at(0)),
            message(2, to: ["c@example.com"], receivedAt: at(10)),
            message(3, to: ["d@example.com.evil"], receivedAt: at(5)),
        ])
        _ = try await store.claim(now: at(20), limit: 1, owner: "w", leaseUntil: at(60))

        let all = try await store.recipients(matching: RecipientFilter())
        #expect(all.map(\.key) == [key(1, 0), key(1, 1), key(3, 0), key(2, 0)])

        let byDomain = try await store.recipients(matching: RecipientFilter(domain: "EXAMPLE.com"))
        #expect(byDomain.map(\.key) == [key(1, 0), key(2, 0)])

        let queued = try await store.recipients(matching: RecipientFilter(states: [.queued]))
        #expect(queued.map(\.key) == [key(1, 1), key(3, 0), key(2, 0)])

        let early = try await store.recipients(matching: RecipientFilter(receivedBefore: at(5)))
        #expect(early.map(\.key) == [key(1, 0), key(1, 1), key(3, 0)])

        let limited = try await store.recipients(
            matching: RecipientFilter(states: [.queued, .inFlight], limit: 2))
        #expect(limited.map(\.key) == [key(1, 0), key(1, 1)])

        let none = try await store.recipients(matching: RecipientFilter(states: [.delivered]))
        #expect(none.isEmpty)
    }

    static func messageDetail(_ store: any QueueStore) async throws {
        let content = Array(
            """
            Received: from client\r
            From: "Ann" <ann@example.org>\r
            Subject: Quarterly\r
             report\r
            Message-ID: <1@example.org>\r
            Date: Tue, 14 Nov 2023 22:13:20 +0000\r
            To: bob@example.net\r
            \r
            Subject: not a header\r

            """.utf8)
        try await store.enqueue([
            message(7, to: ["bob@example.net", "eve@example.net"], content: content)
        ])

        let detail = try #require(try await store.message(id(7)))
        #expect(
            detail.headers == [
                HeaderField(name: "Received", value: "from client"),
                HeaderField(name: "From", value: "\"Ann\" <ann@example.org>"),
                HeaderField(name: "Subject", value: "Quarterly report"),
                HeaderField(name: "Message-ID", value: "<1@example.org>"),
                HeaderField(name: "Date", value: "Tue, 14 Nov 2023 22:13:20 +0000"),
                HeaderField(name: "To", value: "bob@example.net"),
            ])
        #expect(detail.sender == "sender@example.org")
        #expect(detail.priority == .transactional)
        #expect(detail.receivedAt == t0)
        #expect(detail.recipients.map(\.recipient) == ["bob@example.net", "eve@example.net"])
        let received = "received from smtp 127.0.0.1 helo=test"
        #expect(
            detail.events == [
                QueueEvent(
                    time: t0, recipient: "bob@example.net", state: .queued, relay: nil, reply: nil,
                    note: received),
                QueueEvent(
                    time: t0, recipient: "eve@example.net", state: .queued, relay: nil, reply: nil,
                    note: received),
            ])

        _ = try await store.claim(now: at(1), limit: 1, owner: "w", leaseUntil: at(60))
        try await store.apply(
            [
                RecipientTransition(
                    key: key(7, 0), to: .delivered, at: at(2), relay: "mx.example.net", reply: "250 ok")
            ],
            owner: "w")
        let later = try #require(try await store.message(id(7)))
        #expect(later.events.map(\.state) == [.queued, .queued, .inFlight, .delivered])
        #expect(later.events.last?.relay == "mx.example.net")
        #expect(later.events.last?.reply == "250 ok")
        #expect(later.recipients.map(\.state) == [.delivered, .queued])
    }
}
