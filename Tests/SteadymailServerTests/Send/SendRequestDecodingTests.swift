import Foundation
import Testing

@testable import SteadymailServer

@Suite struct SendRequestDecodingTests {
    private func decode<T: Decodable>(_ type: T.Type, _ json: String) throws(APIError) -> T {
        try StrictDecoding.decode(type, from: Array(json.utf8))
    }

    private func refusal<T: Decodable>(_ type: T.Type, _ json: String) -> (code: String, message: String)? {
        do {
            _ = try decode(type, json)
            return nil
        } catch {
            return (error.code, error.message)
        }
    }

    @Test func addressesComeAsStringsOrObjectsAndReplyToAsOneOrMany() throws {
        let request = try decode(
            SendRequest.self,
            """
            {"from": {"name": "Shop", "email": "shop@example.com"}, "to": ["ada@example.org"],
             "reply_to": "help@example.com", "subject": "s", "text": "t"}
            """)
        #expect(request.from == AddressInput(name: "Shop", email: "shop@example.com", isObject: true))
        #expect(request.to == [AddressInput(email: "ada@example.org")])
        #expect(request.replyTo?.addresses == [AddressInput(email: "help@example.com")])
        #expect(request.replyTo?.isList == false)
        let list = try decode(SendRequest.self, #"{"reply_to": ["a@example.com", {"email": "b@example.com"}]}"#)
        #expect(list.replyTo?.addresses.count == 2)
        #expect(list.replyTo?.isList == true)
    }

    @Test func unknownFieldsAreRefusedWithTheirPath() {
        #expect(refusal(SendRequest.self, #"{"subjcet": "x"}"#)! == ("invalid_request", "subjcet: unknown field"))
        #expect(
            refusal(SendRequest.self, #"{"to": [{"email": "a@b.c", "nmae": "x"}]}"#)!
                == ("invalid_request", "to[0].nmae: unknown field"))
        #expect(
            refusal(SendRequest.self, #"{"attachments": [{"filename": "a", "data": "x"}]}"#)!
                == ("invalid_request", "attachments[0].data: unknown field"))
        #expect(
            refusal(RawSendRequest.self, #"{"envelope": {"from": "", "rcpt": []}}"#)!
                == ("invalid_request", "envelope.rcpt: unknown field"))
    }

    @Test func wrongTypesNameTheFieldAndTheExpectedType() {
        #expect(refusal(SendRequest.self, #"{"subject": 5}"#)! == ("invalid_request", "subject: expected a string"))
        #expect(refusal(SendRequest.self, #"{"to": "a@b.c"}"#)! == ("invalid_request", "to: expected an array"))
        #expect(
            refusal(SendRequest.self, #"{"to": ["a@b.c", 7]}"#)!
                == ("invalid_request", #"to[1]: expected an address string or {"name", "email"}"#))
        #expect(
            refusal(SendRequest.self, #"{"to": [{"name": "x"}]}"#)! == ("invalid_request", "to[0].email: required"))
        #expect(
            refusal(SendRequest.self, #"{"headers": {"X-A": 1}}"#)!
                == ("invalid_request", "headers.X-A: expected a string"))
    }

    @Test func malformedJSONIsInvalidJSON() {
        #expect(refusal(SendRequest.self, #"{"subject": "#)?.code == "invalid_json")
        #expect(refusal(SendRequest.self, "")?.code == "invalid_json")
        #expect(refusal(SendRequest.self, "[1, 2]")?.code == "invalid_request")
    }

    @Test func aBadBatchItemRefusesOnlyItselfWithPathsRelativeToIt() throws {
        let batch = try decode(
            BatchSendRequest.self,
            """
            {"messages": [
              {"from": "a@example.com", "to": ["b@example.com"], "subject": "1", "text": "x"},
              {"from": "a@example.com", "to": [{"email": "b@example.com", "bogus": 1}]},
              42,
              {"from": "a@example.com", "to": ["c@example.com"], "subject": "4", "text": "x"}
            ]}
            """)
        let items = try #require(batch.messages)
        #expect(items.count == 4)
        guard case .request(let first) = items[0], case .refused(let second) = items[1],
            case .refused(let third) = items[2], case .request(let fourth) = items[3]
        else {
            Issue.record("unexpected items \(items)")
            return
        }
        #expect(first.subject == "1")
        #expect(second.field == "to[0].bogus")
        #expect(third.field == "" && third.message == "expected an object")
        #expect(fourth.to == [AddressInput(email: "c@example.com")])
    }

    @Test func controlCharactersInPathsAreEscaped() {
        let refused = refusal(SendRequest.self, "{\"headers\": {\"X-A\\r\\nBcc: x\": 5}}")
        #expect(refused?.message == "headers.X-A\\r\\nBcc: x: expected a string")
    }
}
