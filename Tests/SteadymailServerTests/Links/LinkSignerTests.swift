import Foundation
import Testing

@testable import SteadymailServer

@Suite struct LinkSignerTests {
    let signer = LinkSigner(key: Array(repeating: 7, count: 32))
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func aTokenCarriesItsPurposeIdsAndExpiry() throws {
        let token = signer.token(.confirm, ids: [42, 7], expires: now + 3600)
        let claims = try signer.verify(token, purpose: .confirm, now: now)
        #expect(claims == LinkSigner.Claims(purpose: .confirm, ids: [42, 7], expires: 1_800_003_600))
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
    }

    @Test func anExpiredTokenIsRefused() {
        let token = signer.token(.confirm, ids: [1, 2], expires: now + 60)
        #expect(throws: LinkSigner.Refusal.expired) { try signer.verify(token, purpose: .confirm, now: now + 60) }
    }

    @Test func aTokenOfAnotherKeyIsRefused() {
        let other = LinkSigner(key: Array(repeating: 8, count: 32))
        let token = other.token(.confirm, ids: [1, 2], expires: now + 60)
        #expect(throws: LinkSigner.Refusal.badSignature) { try signer.verify(token, purpose: .confirm, now: now) }
    }

    @Test func anEditedPayloadIsRefused() throws {
        let token = signer.token(.confirm, ids: [1, 2], expires: now + 60)
        let parts = token.split(separator: ".").map(String.init)
        // The same MAC over a payload naming another subscriber.
        let forgedPayload = Base64URL.encode(Array(#"{"e":1800000060,"i":[9,2],"p":"confirm"}"#.utf8))
        #expect(throws: LinkSigner.Refusal.badSignature) {
            try signer.verify(forgedPayload + "." + parts[1], purpose: .confirm, now: now)
        }
        // One character of the MAC changed.
        var mac = Array(parts[1])
        mac[3] = mac[3] == "A" ? "B" : "A"
        #expect(throws: LinkSigner.Refusal.badSignature) {
            try signer.verify(parts[0] + "." + String(mac), purpose: .confirm, now: now)
        }
    }

    @Test func truncatedAndMalformedTokensAreRefused() {
        let token = signer.token(.confirm, ids: [1, 2], expires: now + 60)
        for bad in [
            String(token.dropLast(4)), String(token.prefix(while: { $0 != "." })), "", ".", "a.b.c", token + "=",
            token.replacingOccurrences(of: ".", with: "+"), String(repeating: "a", count: 600) + "." + "b",
        ] {
            #expect(throws: LinkSigner.Refusal.self) { try signer.verify(bad, purpose: .confirm, now: now) }
        }
        #expect(throws: LinkSigner.Refusal.badSignature) {
            try signer.verify(String(token.dropLast(4)), purpose: .confirm, now: now)
        }
    }

    @Test func aValidMACOverJunkIsMalformedNotAccepted() {
        let payload = Array("not json".utf8)
        let mac = signer.mac(payload)
        let token = Base64URL.encode(payload) + "." + Base64URL.encode(mac)
        #expect(throws: LinkSigner.Refusal.malformed) { try signer.verify(token, purpose: .confirm, now: now) }
    }
}

extension LinkSignerTests {
    @Test func aTokenForAnotherPurposeIsRefused() {
        let token = signer.token(LinkSigner.Purpose(rawValue: "unsubscribe"), ids: [1, 2], expires: now + 60)
        #expect(throws: LinkSigner.Refusal.wrongPurpose) { try signer.verify(token, purpose: .confirm, now: now) }
    }
}
