import Foundation
import Testing

@testable import SteadymailServer

@Suite struct JSONObjectBodyTests {
    static let allowed: Set<String> = ["id", "domain"]

    static func refusal(_ body: String) -> APIError? {
        do {
            _ = try JSONObjectBody.strings(Data(body.utf8), allowed: allowed)
            return nil
        } catch {
            return error
        }
    }

    @Test func knownStringFieldsAreRead() throws {
        #expect(
            try JSONObjectBody.strings(Data(#"{"domain": "x.org"}"#.utf8), allowed: Self.allowed) == ["domain": "x.org"]
        )
        #expect(try JSONObjectBody.strings(Data(#"{"id": null}"#.utf8), allowed: Self.allowed).isEmpty)
        #expect(try JSONObjectBody.strings(Data(" \r\n".utf8), allowed: Self.allowed).isEmpty, "no body is {}")
    }

    @Test func anUnknownFieldIsRefusedByName() {
        let error = Self.refusal(#"{"domian": "x.org"}"#)
        #expect(error?.code == "invalid_request")
        #expect(error?.message.hasPrefix("domian: unknown field") == true)
    }

    @Test func aValueThatIsNotAStringIsRefusedByName() {
        for body in [#"{"domain": 5}"#, #"{"domain": true}"#, #"{"domain": ["x"]}"#, #"{"domain": {}}"#] {
            let error = Self.refusal(body)
            #expect(error?.code == "invalid_request", "\(body)")
            #expect(error?.message == "domain: must be a string", "\(body)")
        }
    }

    @Test func aControlCharacterIsRefusedByName() {
        for body in [#"{"domain": "x.org\nrelay=evil"}"#, #"{"domain": "a\u0000"}"#, #"{"domain": "\u007f"}"#] {
            let error = Self.refusal(body)
            #expect(error?.message == "domain: contains a control character", "\(body)")
        }
    }

    @Test func malformedBodiesAreBadRequests() {
        #expect(Self.refusal("{").map(\.code) == "invalid_json")
        #expect(Self.refusal("\u{FF}").map(\.code) == "invalid_json")
        #expect(Self.refusal("[]").map(\.code) == "invalid_request")
        #expect(Self.refusal("\"x\"").map(\.code) == "invalid_request")
        #expect(Self.refusal("5").map(\.code) == "invalid_request")
    }
}
