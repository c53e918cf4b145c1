import Testing

@testable import SteadymailDomain

@Suite struct APIKeyTokenTests {
    @Test func generatedKeysParseBackAndDiffer() throws {
        let first = APIKeyToken.generate()
        let second = APIKeyToken.generate()
        #expect(first != second)
        let parsed = try #require(APIKeyToken(first.description))
        #expect(parsed == first)
        #expect(first.description.hasPrefix("sm_\(first.id)_"))
        #expect(first.secret.count == 43, "32 random bytes in unpadded base64url")
    }

    @Test func malformedKeysAreRefused() {
        for text in [
            "", "sm_", "sk_abcdefghijklmnop_" + String(repeating: "a", count: 43),
            "sm_short_" + String(repeating: "a", count: 43),
            "sm_abcdefghijklmnop_short", "sm_ABCDEFGHIJKLMNOP_" + String(repeating: "a", count: 43),
            "sm_abcdefghijklmnop_" + String(repeating: "a", count: 40) + "+/=",
            "sm_abcdefghijklmnop_" + String(repeating: "a", count: 42) + "\n",
        ] {
            #expect(APIKeyToken(text) == nil, "\(text)")
        }
    }

    @Test func adminPermitsEverythingOtherScopesOnlyThemselves() {
        #expect(
            APIKeyScope.admin.permits(.send) && APIKeyScope.admin.permits(.read) && APIKeyScope.admin.permits(.admin))
        #expect(
            APIKeyScope.send.permits(.send) && !APIKeyScope.send.permits(.read) && !APIKeyScope.send.permits(.admin))
        #expect(
            APIKeyScope.read.permits(.read) && !APIKeyScope.read.permits(.send) && !APIKeyScope.read.permits(.admin))
    }
}
