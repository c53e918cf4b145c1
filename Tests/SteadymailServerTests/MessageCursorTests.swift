import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct MessageCursorTests {
    static let position = MessagePosition(
        receivedAt: Date(timeIntervalSince1970: 1_700_000_000.123), id: QueueID("01JB3K7Q8ZX4M2N5P6R7")!)

    @Test func aCursorGivesBackItsPositionExactly() throws {
        let token = MessageCursor.encode(Self.position)
        #expect(token.utf8.allSatisfy { $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "/") })
        #expect(MessageCursor.decode(token) == Self.position)
    }

    @Test func everyEditedCharacterIsRefused() {
        let token = Array(MessageCursor.encode(Self.position))
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for index in token.indices {
            for replacement in [alphabet[(alphabet.firstIndex(of: token[index])! + 1) % 64], "A"]
            where replacement != token[index] {
                var edited = token
                edited[index] = replacement
                #expect(MessageCursor.decode(String(edited)) == nil, "edit at \(index) accepted")
            }
        }
    }

    @Test func malformedTokensAreRefused() {
        let token = MessageCursor.encode(Self.position)
        for bad in [
            "", "x", "not a cursor", token + "A", String(token.dropLast()), token + "=", "%%%%",
            String(repeating: "A", count: 44), String(repeating: "A", count: 10_000),
        ] {
            #expect(MessageCursor.decode(bad) == nil, "\(bad) accepted")
        }
    }
}
