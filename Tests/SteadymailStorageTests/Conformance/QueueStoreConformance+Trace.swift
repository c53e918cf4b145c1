import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    /// Five messages. 1 (t0, tag News): ann@example.org delivered on `a`, bob@example.net deferred on `b`;
    /// 2 (t10, billing): Ann@Example.org in flight; 3 (t10, news and billing): annie@example.org queued;
    /// 4 (t20, no tag): ann@example.org.evil and carl@example.net queued; 5 (t30, news): dave@example.net queued.
    static func enqueueTraceFixture(_ store: any QueueStore) async throws {
        try await store.enqueue([
            message(1, to: ["ann@example.org", "bob@example.net"], receivedAt: at(0), tags: ["News"]),
            message(2, to: ["Ann@Example.org"], receivedAt: at(10), tags: ["billing"]),
            message(3, to: ["annie@example.org"], receivedAt: at(10), tags: ["news", "billing"]),
            message(4, to: ["ann@example.org.evil", "carl@example.net"], receivedAt: at(20)),
            message(5, to: ["dave@example.net"], receivedAt: at(30), tags: ["news"]),
        ])
        let claimed = try await store.claim(now: at(40), limit: 3, owner: "w", leaseUntil: at(99_999))
        #expect(claimed.map(\.record.key) == [key(1, 0), key(1, 1), key(2)])
        try await store.apply(
            [
                RecipientTransition(key: key(1, 0), to: .delivered, at: at(41), relay: "a", reply: "250 ok"),
                RecipientTransition(
                    key: key(1, 1), to: .deferred, at: at(41), nextAttemptAt: at(9999), relay: "b", reply: "451 busy"),
            ], owner: "w")
    }

    /// The message ids of one page, in order.
    static func listed(_ store: any QueueStore, _ query: MessageQuery) async throws -> [QueueID] {
        try await store.messages(matching: query).messages.map(\.id)
    }

    static func messagesAreListedNewestFirstWithTheirRecipients(_ store: any QueueStore) async throws {
        try await enqueueTraceFixture(store)

        let page = try await store.messages(matching: MessageQuery())
        #expect(page.messages.map(\.id) == [id(5), id(4), id(3), id(2), id(1)], "arrival, then id, descending")
        #expect(page.next == nil)
        let oldest = try #require(page.messages.last)
        #expect(
            oldest
                == MessageSummary(
                    id: id(1), sender: "sender@example.org", priority: .transactional, receivedAt: t0, tags: ["News"],
                    recipients: [
                        RecipientSummary(index: 0, address: "ann@example.org", state: .delivered),
                        RecipientSummary(index: 1, address: "bob@example.net", state: .deferred),
                    ]))
        #expect(page.messages.first { $0.id == id(3) }?.tags == ["news", "billing"])
        #expect(page.messages.first { $0.id == id(2) }?.recipients.map(\.state) == [.inFlight])
        #expect(try await listed(store, MessageQuery(limit: 2)) == [id(5), id(4)])
    }

    static func messageFiltersMatchExactly(_ store: any QueueStore) async throws {
        try await enqueueTraceFixture(store)

        #expect(try await listed(store, MessageQuery(recipient: "ANN@example.ORG")) == [id(2), id(1)])
        #expect(try await listed(store, MessageQuery(recipient: "ann@example")).isEmpty, "no prefix match")
        #expect(try await listed(store, MessageQuery(state: .delivered, recipient: "ann@example.org")) == [id(1)])
        #expect(try await listed(store, MessageQuery(state: .inFlight, recipient: "ann@example.org")) == [id(2)])
        #expect(
            try await listed(store, MessageQuery(state: .deferred, recipient: "ann@example.org")).isEmpty,
            "the state is the addressed recipient's own")
        #expect(try await listed(store, MessageQuery(recipient: "ann@example.org", tag: "BILLING")) == [id(2)])

        #expect(try await listed(store, MessageQuery(tag: "NEWS")) == [id(5), id(3), id(1)])
        #expect(try await listed(store, MessageQuery(state: .queued, tag: "news")) == [id(5), id(3)])
        #expect(try await listed(store, MessageQuery(state: .deferred, tag: "news")) == [id(1)])
        #expect(try await listed(store, MessageQuery(tag: "nothing")).isEmpty)

        #expect(try await listed(store, MessageQuery(state: .queued)) == [id(5), id(4), id(3)])
        #expect(try await listed(store, MessageQuery(state: .deferred)) == [id(1)])
        #expect(try await listed(store, MessageQuery(state: .held)).isEmpty)

        #expect(try await listed(store, MessageQuery(receivedSince: at(10))) == [id(5), id(4), id(3), id(2)])
        #expect(try await listed(store, MessageQuery(receivedBefore: at(10))) == [id(1)], "the end is exclusive")
        #expect(
            try await listed(store, MessageQuery(receivedSince: at(10), receivedBefore: at(30)))
                == [id(4), id(3), id(2)])
        #expect(
            try await listed(store, MessageQuery(tag: "billing", receivedSince: at(10), receivedBefore: at(20)))
                == [id(3), id(2)])
        #expect(
            try await listed(store, MessageQuery(state: .queued, receivedSince: at(20))) == [id(5), id(4)])
        #expect(
            try await listed(store, MessageQuery(recipient: "ann@example.org", receivedSince: at(5))) == [id(2)])
    }

    /// Pages through `query` with `limit` until no next page; returns the ids and the size of each page.
    static func allPages(_ store: any QueueStore, _ query: MessageQuery, limit: Int) async throws
        -> (ids: [QueueID], sizes: [Int])
    {
        var query = query
        query.limit = limit
        var ids: [QueueID] = []
        var sizes: [Int] = []
        while true {
            let page = try await store.messages(matching: query)
            ids += page.messages.map(\.id)
            sizes.append(page.messages.count)
            guard let next = page.next else { return (ids, sizes) }
            #expect(next == page.messages.last?.position)
            query.after = next
            if sizes.count > 100 { return (ids, sizes) }
        }
    }

    static func pagesCoverEveryMatchOnce(_ store: any QueueStore) async throws {
        // Three messages share each arrival time, so that pages split between messages of the same instant.
        try await store.enqueue(
            (1...25).map { n in
                message(
                    n, to: ["same@example.org", "other-\(n)@example.net"], receivedAt: at(Double(n / 3)),
                    tags: ["all"])
            })
        let expected = (1...25).reversed().map { id($0) }

        let plain = try await allPages(store, MessageQuery(), limit: 7)
        #expect(plain.ids == expected)
        #expect(plain.sizes == [7, 7, 7, 4])
        let exact = try await allPages(store, MessageQuery(), limit: 5)
        #expect(exact.ids == expected)
        #expect(exact.sizes == [5, 5, 5, 5, 5], "a last full page has no next page")
        for query in [
            MessageQuery(state: .queued), MessageQuery(recipient: "SAME@example.org"), MessageQuery(tag: "all"),
            MessageQuery(state: .queued, tag: "ALL"), MessageQuery(state: .queued, recipient: "same@example.org"),
        ] {
            let paged = try await allPages(store, query, limit: 4)
            #expect(paged.ids == expected, "\(query)")
        }
        let window = try await allPages(
            store, MessageQuery(state: .queued, receivedSince: at(2), receivedBefore: at(7)), limit: 4)
        #expect(window.ids == (6...20).reversed().map { id($0) })
    }

    static func newMailDoesNotShiftLaterPages(_ store: any QueueStore) async throws {
        try await store.enqueue((1...10).map { message($0, receivedAt: at(Double($0))) })
        let first = try await store.messages(matching: MessageQuery(limit: 4))
        #expect(first.messages.map(\.id) == [id(10), id(9), id(8), id(7)])

        try await store.enqueue([message(11, receivedAt: at(11)), message(12, receivedAt: at(12))])
        let second = try await store.messages(matching: MessageQuery(after: first.next, limit: 4))
        #expect(second.messages.map(\.id) == [id(6), id(5), id(4), id(3)])
    }

    static func waitingRecipientsAreCountedByTheirLastRelay(_ store: any QueueStore) async throws {
        #expect(try await store.waitingByRelay().isEmpty)
        try await store.enqueue((1...6).map { message($0, receivedAt: at(Double($0))) })
        let claimed = try await store.claim(now: at(10), limit: 5, owner: "w", leaseUntil: at(99_999))
        #expect(claimed.count == 5)
        try await store.apply(
            [
                RecipientTransition(key: key(1), to: .deferred, at: at(11), nextAttemptAt: at(999), relay: "a"),
                RecipientTransition(key: key(2), to: .deferred, at: at(11), nextAttemptAt: at(999), relay: "b"),
                RecipientTransition(key: key(3), to: .delivered, at: at(11), relay: "a", reply: "250 ok"),
                RecipientTransition(
                    key: key(4), to: .queued, at: at(11), relay: "a", reply: "421 busy", refundAttempt: true),
                RecipientTransition(key: key(5), to: .deferred, at: at(11), nextAttemptAt: at(999), relay: "a"),
            ], owner: "w")

        #expect(try await store.waitingByRelay() == ["a": [.deferred: 2, .queued: 1], "b": [.deferred: 1]])
        _ = try await store.hold(RecipientSelector(messageID: id(2)), now: at(12))
        #expect(try await store.waitingByRelay() == ["a": [.deferred: 2, .queued: 1]], "held is not waiting")
    }

    static func oldestWaitingArrivalIgnoresFinishedHeldAndInFlight(_ store: any QueueStore) async throws {
        #expect(try await store.oldestWaitingArrival() == nil)
        try await store.enqueue([
            message(1, receivedAt: at(5)), message(2, receivedAt: at(10)), message(3, receivedAt: at(20)),
        ])
        #expect(try await store.oldestWaitingArrival() == at(5))
        _ = try await store.claim(now: at(30), limit: 1, owner: "w", leaseUntil: at(99_999))
        #expect(try await store.oldestWaitingArrival() == at(10), "in flight is not waiting")
        try await store.apply(
            [RecipientTransition(key: key(1), to: .deferred, at: at(31), nextAttemptAt: at(999), relay: "a")],
            owner: "w")
        #expect(try await store.oldestWaitingArrival() == at(5), "deferred is waiting")
        _ = try await store.hold(RecipientSelector(messageID: id(1)), now: at(32))
        #expect(try await store.oldestWaitingArrival() == at(10), "held is not waiting")
        let next = try await store.claim(now: at(33), limit: 1, owner: "w", leaseUntil: at(99_999))
        #expect(next.map(\.record.key) == [key(2)])
        try await store.apply([RecipientTransition(key: key(2), to: .delivered, at: at(34), relay: "a")], owner: "w")
        #expect(try await store.oldestWaitingArrival() == at(20))
    }
}
