import Foundation
import Testing

@testable import SteadymailServer

@Suite struct Base64URLTests {
    /// Foundation's base64 made URL-safe and unpadded: what tokens were written with before `Base64URL`.
    static func reference(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test func encodingMatchesFoundationAndRoundTrips() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = Base64URL.encode(bytes)
            #expect(text == Self.reference(bytes))
            if length > 0 { #expect(Base64URL.decode(Substring(text)) == bytes) }
        }
    }

    @Test func onlyTheCanonicalSpellingDecodes() {
        #expect(Base64URL.decode("") == nil)
        #expect(Base64URL.decode("QQ==") == nil)
        #expect(Base64URL.decode("Q") == nil)
        #expect(Base64URL.decode("QQ") == [0x41])
        // The same byte with unused bits set in the last character: another spelling, refused.
        #expect(Base64URL.decode("QR") == nil)
        #expect(Base64URL.decode("QUI") == [0x41, 0x42])
        #expect(Base64URL.decode("QUJ") == nil)
        #expect(Base64URL.decode("a+b/") == nil)
        #expect(Base64URL.decode("-_-_") == [0xFB, 0xFF, 0xBF])
    }

    @Test func thePayloadIsTheClaimsAsSortedCompactJSON() throws {
        let payload = LinkSigner.payload(.click, ids: [4, 77, 10], expires: 32_503_680_000)
        #expect(String(decoding: payload, as: UTF8.self) == #"{"e":32503680000,"i":[4,77,10],"p":"click"}"#)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let claims = LinkSigner.Claims(purpose: .click, ids: [4, 77, 10], expires: 32_503_680_000)
        #expect(payload == Array(try encoder.encode(claims)))
        let odd = LinkSigner.payload(LinkSigner.Purpose(rawValue: "a\"b\\c\n"), ids: [], expires: 1)
        let decoded = try JSONDecoder().decode(LinkSigner.Claims.self, from: Data(odd))
        #expect(decoded == LinkSigner.Claims(purpose: LinkSigner.Purpose(rawValue: "a\"b\\c\n"), ids: [], expires: 1))
    }
}
