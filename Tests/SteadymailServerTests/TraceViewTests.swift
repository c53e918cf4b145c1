import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct TraceViewTests {
    static let id = QueueID("01JB3K7Q8ZX4M2N5P6R7")!
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static func json(_ value: some Encodable) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    static func record(_ index: Int, _ address: String, _ state: RecipientState, relay: String? = nil)
        -> RecipientRecord
    {
        RecipientRecord(
            key: RecipientKey(messageID: id, index: index), recipient: address, state: state, sender: "s@x.org",
            priority: .bulk, receivedAt: t0, deliverBy: nil, attempts: relay == nil ? 0 : 1, nextAttemptAt: nil,
            lastReply: relay == nil ? nil : "250 2.0.0 ok", lastRelay: relay)
    }

    @Test func aTracedMessageHasEveryKeyWithNullsAndRecipientIDs() throws {
        let detail = MessageDetail(
            id: Self.id, sender: "", priority: .bulk, deliverBy: nil, receivedAt: Self.t0, size: 42,
            origin: "smtp 127.0.0.1 helo=x", submitter: "app", tags: ["news"], metadata: ["order": "7"],
            headers: [HeaderField(name: "Subject", value: "Hi")],
            recipients: [Self.record(0, "a@x.org", .queued), Self.record(1, "b@x.org", .delivered, relay: "mx")],
            events: [
                QueueEvent(time: Self.t0, recipient: nil, state: .queued, relay: nil, reply: nil, note: nil),
                QueueEvent(
                    time: Self.t0.addingTimeInterval(5), recipient: "b@x.org", state: .delivered, relay: "mx",
                    reply: "250 2.0.0 ok", note: nil),
            ])
        let object = try Self.json(MessageTraceView(detail))
        #expect(
            Set(object.keys) == [
                "id", "sender", "priority", "deliver_by", "received_at", "size", "origin", "tags", "metadata",
                "headers",
                "recipients", "events",
            ])
        #expect(object["deliver_by"] is NSNull)
        #expect(object["received_at"] as? String == "2023-11-14T22:13:20Z")
        #expect(object["metadata"] as? [String: String] == ["order": "7"])
        #expect(object["headers"] as? [[String: String]] == [["name": "Subject", "value": "Hi"]])
        let recipients = try #require(object["recipients"] as? [[String: Any]])
        #expect(recipients.map { $0["id"] as? String } == ["01JB3K7Q8ZX4M2N5P6R7.0", "01JB3K7Q8ZX4M2N5P6R7.1"])
        #expect(
            Set(recipients[0].keys) == [
                "id", "email", "state", "attempts", "next_attempt_at", "last_reply", "last_relay",
            ])
        #expect(recipients[0]["last_relay"] is NSNull)
        #expect(recipients[1]["last_relay"] as? String == "mx")
        let events = try #require(object["events"] as? [[String: Any]])
        #expect(events.allSatisfy { Set($0.keys) == ["time", "recipient", "state", "relay", "reply", "note"] })
        #expect(events[0]["recipient"] is NSNull)
        #expect(events[1]["reply"] as? String == "250 2.0.0 ok")
    }

    @Test func aListPageCarriesTheNextCursorOrNull() throws {
        let summary = MessageSummary(
            id: Self.id, sender: "s@x.org", priority: .transactional, receivedAt: Self.t0, tags: [],
            recipients: [RecipientSummary(index: 3, address: "a@x.org", state: .deferred)])
        let last = try Self.json(MessageListView(MessagePage(messages: [summary], next: nil)))
        #expect(last["next_cursor"] is NSNull)
        let item = try #require((last["messages"] as? [[String: Any]])?.first)
        #expect(Set(item.keys) == ["id", "sender", "received_at", "priority", "tags", "recipients"])
        #expect(
            item["recipients"] as? [[String: String]] == [
                ["id": "01JB3K7Q8ZX4M2N5P6R7.3", "email": "a@x.org", "state": "deferred"]
            ])
        let more = try Self.json(MessageListView(MessagePage(messages: [summary], next: summary.position)))
        let cursor = try #require(more["next_cursor"] as? String)
        #expect(MessageCursor.decode(cursor) == summary.position)
    }

    @Test func queueSummaryHasEveryStateAndPriorityAndTheOldestAge() throws {
        let counts = QueueCounts(byState: [.queued: 2, .deferred: 1], byPriority: [.bulk: [.queued: 2, .deferred: 1]])
        let object = try Self.json(
            QueueSummaryView(
                counts: counts, waitingByRelay: ["mx": [.deferred: 1]], oldestWaiting: Self.t0,
                now: Self.t0.addingTimeInterval(90.7)))
        #expect(Set(object.keys) == ["by_state", "by_priority", "by_relay", "oldest_waiting_age_seconds"])
        let byState = try #require(object["by_state"] as? [String: Int])
        #expect(byState.count == RecipientState.allCases.count)
        #expect(byState["queued"] == 2 && byState["held"] == 0)
        let byPriority = try #require(object["by_priority"] as? [String: [String: Int]])
        #expect(Set(byPriority.keys) == ["transactional", "time-critical", "bulk"])
        #expect(byPriority["bulk"]?["deferred"] == 1 && byPriority["transactional"]?["queued"] == 0)
        #expect(object["by_relay"] as? [String: [String: Int]] == ["mx": ["deferred": 1]])
        #expect(object["oldest_waiting_age_seconds"] as? Int == 90)

        let empty = try Self.json(
            QueueSummaryView(counts: QueueCounts(), waitingByRelay: [:], oldestWaiting: nil, now: Self.t0))
        #expect(empty["oldest_waiting_age_seconds"] is NSNull)
        #expect((empty["by_relay"] as? [String: Any])?.isEmpty == true)
    }
}
