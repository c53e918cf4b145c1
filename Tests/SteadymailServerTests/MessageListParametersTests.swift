import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct MessageListParametersTests {
    static func parse(_ pairs: [(String, String)]) throws(APIError) -> MessageQuery {
        try MessageListParameters.query(pairs.map { (name: $0.0, value: $0.1) })
    }

    static func refusal(_ pairs: [(String, String)]) -> (code: String, message: String)? {
        do {
            _ = try parse(pairs)
            return nil
        } catch {
            #expect(error.status == .badRequest)
            return (error.code, error.message)
        }
    }

    @Test func noParametersListTheNewestHundred() throws {
        #expect(try Self.parse([]) == MessageQuery(limit: 100))
        #expect(try Self.parse([("unknown", "x")]) == MessageQuery(limit: 100), "unknown parameters are ignored")
    }

    @Test func everyParameterIsRead() throws {
        let position = MessagePosition(
            receivedAt: Date(timeIntervalSince1970: 1_700_000_000), id: QueueID("0000000000000000000A")!)
        let query = try Self.parse([
            ("state", "deferred"), ("recipient", "Ann@Example.org"), ("tag", "news"),
            ("since", "2026-11-29T10:00:00Z"), ("until", "2026-11-29T12:00:00+01:00"), ("limit", "1000"),
            ("cursor", MessageCursor.encode(position)),
        ])
        #expect(query.state == .deferred)
        #expect(query.recipient == "Ann@Example.org")
        #expect(query.tag == "news")
        #expect(query.receivedSince == InternetDate.parseRFC3339("2026-11-29T10:00:00Z"))
        #expect(query.receivedBefore == InternetDate.parseRFC3339("2026-11-29T11:00:00Z"))
        #expect(query.limit == 1000)
        #expect(query.after == position)
    }

    @Test func everyBadValueNamesItsParameter() {
        let cases: [((String, String), String)] = [
            (("state", "sent"), "state: "), (("state", ""), "state: "), (("recipient", ""), "recipient: "),
            (("recipient", String(repeating: "a", count: 1001)), "recipient: "), (("tag", ""), "tag: "),
            (("tag", "a,b"), "tag: "), (("tag", String(repeating: "t", count: 65)), "tag: "),
            (("since", "yesterday"), "since: "), (("since", "2026-02-30T00:00:00Z"), "since: "),
            (("until", "2026-11-29"), "until: "), (("limit", "0"), "limit: "), (("limit", "1001"), "limit: "),
            (("limit", "ten"), "limit: "), (("limit", "99999999999999999999999"), "limit: "),
        ]
        for (pair, prefix) in cases {
            let refusal = Self.refusal([pair])
            #expect(refusal?.code == "invalid_parameter", "\(pair)")
            #expect(refusal?.message.hasPrefix(prefix) == true, "\(pair): \(String(describing: refusal))")
        }
    }

    @Test func aTamperedCursorIsInvalidCursor() {
        let refusal = Self.refusal([("cursor", "AAAA")])
        #expect(refusal?.code == "invalid_cursor")
        #expect(refusal?.message.hasPrefix("cursor: ") == true)
    }

    @Test func aRepeatedParameterIsRefused() {
        let refusal = Self.refusal([("state", "queued"), ("state", "deferred")])
        #expect(refusal?.code == "invalid_parameter")
        #expect(refusal?.message == "state: given more than once")
    }
}
