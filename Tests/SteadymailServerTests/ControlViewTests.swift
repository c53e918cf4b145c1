import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct ControlViewTests {
    @Test func countsJSONHasOneKeyPerStateTotalAndByPriority() throws {
        let counts = QueueCounts(
            byState: [.queued: 3, .delivered: 1],
            byPriority: [.bulk: [.queued: 2], .transactional: [.queued: 1, .delivered: 1]])
        let data = try JSONEncoder.control.encode(CountsView(counts))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for state in RecipientState.allCases { #expect(object[state.rawValue] != nil, "\(state)") }
        #expect(object["queued"] as? Int == 3)
        #expect(object["total"] as? Int == 4)
        let byPriority = try #require(object["by_priority"] as? [String: [String: Int]])
        #expect(byPriority["bulk"]?["queued"] == 2)
        #expect(byPriority["time-critical"]?["queued"] == 0)
        #expect(try JSONDecoder.control.decode(CountsView.self, from: data) == CountsView(counts))
    }

    @Test func listQueryBecomesAStorageFilter() {
        let now = Date(timeIntervalSince1970: 10_000)
        let filter = ListQuery(states: [.deferred], domain: "Example.COM", olderThanSeconds: 600, limit: 0).filter(
            now: now)
        #expect(filter.states == [.deferred])
        #expect(filter.domain == "example.com")
        #expect(filter.receivedBefore == Date(timeIntervalSince1970: 9_400))
        #expect(filter.limit == 1)
    }

    @Test func controlRequestsRoundTrip() throws {
        let submission = Submission(
            sender: "a@b.c", recipients: ["d@e.f"], content: Data("x\r\n".utf8), priority: .bulk, deliverBy: nil)
        let request = ControlRequest(command: .submit, submission: submission)
        let decoded = try JSONDecoder.control.decode(ControlRequest.self, from: JSONEncoder.control.encode(request))
        #expect(decoded.command == .submit)
        #expect(decoded.submission == submission)
    }

    @Test func messageJSONTellsWhenTheBodyWasRemoved() throws {
        let finished = Date(timeIntervalSince1970: 1_700_000_000)
        var detail = MessageDetail(
            id: QueueID("00000000000000000001")!, sender: "a@b.c", priority: .bulk, deliverBy: nil,
            receivedAt: finished, size: 10, origin: "test", submitter: nil, headers: [], recipients: [], events: [])
        let kept = try JSONSerialization.jsonObject(with: JSONEncoder.control.encode(MessageView(detail)))
        #expect((kept as? [String: Any])?["body_removed_at"] == nil)
        detail.finishedAt = finished
        detail.bodyRemovedAt = finished.addingTimeInterval(7 * 86400)
        let removed = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder.control.encode(MessageView(detail))) as? [String: Any])
        #expect(removed["finished_at"] as? String == "2023-11-14T22:13:20Z")
        #expect(removed["body_removed_at"] as? String == "2023-11-21T22:13:20Z")
    }
}

@Suite struct PaceViewTests {
    @Test func relayAndDestinationJSONHaveEveryKeyWithNullForUnlimited() throws {
        let relay = RelayView(
            name: "a", state: "closed", weight: 1, priorityGroup: 0, openConnections: 0, pace: "ramping",
            connectionLimit: 1, rateLimit: nil, throttles: 0, lastThrottle: nil, sent: 0, deferred: 0, bounced: 0,
            failures: 0, stateChanges: 0, lastError: nil, lastChange: nil)
        let relayObject = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder.control.encode(relay)) as? [String: Any])
        #expect(relayObject["pace"] as? String == "ramping" && relayObject["connection_limit"] as? Int == 1)
        #expect(relayObject["rate_limit"] is NSNull && relayObject["last_throttle"] is NSNull)
        #expect(relayObject["throttles"] as? Int == 0)

        let destination = DestinationView(
            name: "microsoft", domains: ["outlook.com"], concurrency: 2, rate: nil, inFlight: 1, pace: "steady",
            connectionLimit: 2, rateLimit: nil, throttles: 0, lastThrottle: nil)
        let data = try JSONEncoder.control.encode(destination)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "name", "domains", "concurrency", "rate", "in_flight", "pace", "connection_limit", "rate_limit",
                "throttles", "last_throttle",
            ])
        #expect(object["rate"] is NSNull && object["in_flight"] as? Int == 1)
        #expect(try JSONDecoder.control.decode(DestinationView.self, from: data) == destination)
    }
}
