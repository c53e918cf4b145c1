import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct WebhookPayloadTests {
    @Test func everyFieldIsPresentWithNullForNone() throws {
        let event = WebhookEvent(
            id: 42, type: .bounced, time: Date(timeIntervalSince1970: 1_767_225_600),
            recipient: RecipientKey(messageID: QueueID("0KBM3Q4N1ZR7F2XW9A6C")!, index: 2), address: "bob@example.org",
            relay: "primary", reply: "550 5.1.1 no such user", note: nil, tags: ["reset", "eu/west"])
        let body = WebhookPayload.body(for: event)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "id", "type", "time", "message_id", "recipient_id", "recipient", "relay", "reply", "note", "tags",
            ])
        #expect(object["id"] as? String == "42")
        #expect(object["type"] as? String == "bounced")
        #expect(object["time"] as? String == "2026-01-01T00:00:00Z")
        #expect(object["message_id"] as? String == "0KBM3Q4N1ZR7F2XW9A6C")
        #expect(object["recipient_id"] as? String == "0KBM3Q4N1ZR7F2XW9A6C.2")
        #expect(object["recipient"] as? String == "bob@example.org")
        #expect(object["relay"] as? String == "primary")
        #expect(object["reply"] as? String == "550 5.1.1 no such user")
        #expect(object["note"] is NSNull)
        #expect(object["tags"] as? [String] == ["reset", "eu/west"])
        #expect(String(decoding: body, as: UTF8.self).contains("eu/west"), "slashes are not escaped")
    }
}
