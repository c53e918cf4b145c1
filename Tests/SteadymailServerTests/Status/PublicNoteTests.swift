import Foundation
import Testing

@testable import SteadymailServer

@Suite struct PublicNoteTests {
    @Test func aNoteIsTrimmedAndKept() throws {
        #expect(try PublicNote.check("  Mail is delayed.\nWe are on it.  ") == "Mail is delayed.\nWe are on it.")
        #expect(try PublicNote.check(String(repeating: "é", count: 1000)).count == 1000)
    }

    @Test func emptyLongAndControlNotesAreRefused() {
        #expect(throws: PublicNoteError.empty) { try PublicNote.check(" \n ") }
        #expect(throws: PublicNoteError.tooLong(1001)) { try PublicNote.check(String(repeating: "a", count: 1001)) }
        #expect(throws: PublicNoteError.controlCharacter) { try PublicNote.check("a\u{7}b") }
        #expect(throws: PublicNoteError.controlCharacter) { try PublicNote.check("a\rb") }
        #expect(PublicNoteError.tooLong(1001).description.hasPrefix("note: must be at most 1000 characters"))
    }

    static func body(_ text: String) -> Result<String?, APIError> {
        do {
            return .success(try IncidentNoteBody.note(Data(text.utf8)))
        } catch {
            return .failure(error)
        }
    }

    @Test func theAPIBodySetsOrClearsTheNote() throws {
        #expect(try Self.body(#"{"note": " Delayed "}"#).get() == "Delayed")
        #expect(try Self.body(#"{"note": null}"#).get() == nil)
    }

    @Test func aBadAPIBodyIsA400NamingTheField() {
        let cases = [
            #"{}"#: "note: required (a string, or null to remove it)",
            #"{"note": 5}"#: "note: must be a string or null",
            #"{"note": "x", "extra": 1}"#: "extra: unknown field (known: note)",
            #"{"note": ""}"#: "note: must not be empty (clear a note instead)",
            "{\"note\": \"\(String(repeating: "a", count: 1001))\"}": "note: must be at most 1000 characters, not 1001",
        ]
        for (body, message) in cases {
            guard case .failure(let error) = Self.body(body) else {
                Issue.record("accepted \(body)")
                continue
            }
            #expect(error.status == .badRequest && error.message == message, "\(body)")
        }
        guard case .failure(let error) = Self.body("[1]") else {
            Issue.record("accepted an array")
            return
        }
        #expect(error.code == "invalid_request")
    }
}
