import Foundation
import Testing

@testable import SteadymailServer

@Suite struct FeedbackTokenTests {
    let tokens = FeedbackToken(linkKey: Array(repeating: 5, count: 32))

    @Test func aTokenNamesItsCampaignAndSubscriberAndIsLowercaseBase32() throws {
        let token = tokens.token(.bounce, campaignID: 12, subscriberID: 345_678)
        #expect(token.allSatisfy { ("a"..."z").contains($0) || ("2"..."7").contains($0) })
        #expect(
            try tokens.verify(token, purpose: .bounce) == FeedbackToken.Claims(campaignID: 12, subscriberID: 345_678))
        #expect(tokens.token(.bounce, campaignID: 12, subscriberID: 345_678) == token, "tokens are deterministic")
        #expect(tokens.token(.bounce, campaignID: 12, subscriberID: 345_679) != token)
    }

    @Test func anUppercasedTokenIsAccepted() throws {
        let token = tokens.token(.unsubscribe, campaignID: 3, subscriberID: 4)
        #expect(
            try tokens.verify(token.uppercased(), purpose: .unsubscribe)
                == FeedbackToken.Claims(campaignID: 3, subscriberID: 4))
    }

    @Test func tokensFitALocalPartForIdsUpTo2To40() throws {
        let large: Int64 = 1 << 40
        for (campaign, subscriber) in [(Int64(0), Int64(0)), (1, 1), (large, large), (large - 1, large)] {
            for (purpose, prefix) in [(FeedbackToken.Purpose.bounce, "bounces+"), (.unsubscribe, "unsubscribe+")] {
                let token = tokens.token(purpose, campaignID: campaign, subscriberID: subscriber)
                #expect((prefix + token).utf8.count <= 64, "\(prefix)\(token)")
                #expect(
                    try tokens.verify(token, purpose: purpose)
                        == FeedbackToken.Claims(campaignID: campaign, subscriberID: subscriber))
            }
        }
    }

    @Test func aTokenOfTheOtherPurposeIsRefused() {
        let bounce = tokens.token(.bounce, campaignID: 3, subscriberID: 4)
        let unsubscribe = tokens.token(.unsubscribe, campaignID: 3, subscriberID: 4)
        #expect(bounce != unsubscribe)
        #expect(throws: FeedbackToken.Refusal.wrongPurpose) { try tokens.verify(bounce, purpose: .unsubscribe) }
        #expect(throws: FeedbackToken.Refusal.wrongPurpose) { try tokens.verify(unsubscribe, purpose: .bounce) }
    }

    @Test func aTokenOfAnotherKeyIsRefused() {
        let forged = FeedbackToken(linkKey: Array(repeating: 6, count: 32)).token(
            .bounce, campaignID: 3, subscriberID: 4)
        #expect(throws: FeedbackToken.Refusal.badSignature) { try tokens.verify(forged, purpose: .bounce) }
    }

    @Test func editingAnyCharacterBreaksTheToken() {
        let token = Array(tokens.token(.bounce, campaignID: 1234, subscriberID: 98_765))
        for index in token.indices {
            for replacement in ["a", "q", "7"] where String(token[index]) != replacement {
                var edited = token
                edited[index] = Character(replacement)
                #expect(throws: FeedbackToken.Refusal.self) { try tokens.verify(String(edited), purpose: .bounce) }
            }
        }
    }

    @Test func aPayloadOfAnotherSubscriberUnderThisMACIsRefused() throws {
        let mine = try #require(Base32.decode(tokens.token(.bounce, campaignID: 1, subscriberID: 2)))
        let theirs = try #require(Base32.decode(tokens.token(.bounce, campaignID: 1, subscriberID: 3)))
        let spliced = Array(theirs.dropLast(FeedbackToken.macLength)) + Array(mine.suffix(FeedbackToken.macLength))
        #expect(throws: FeedbackToken.Refusal.badSignature) {
            try tokens.verify(Base32.encode(spliced), purpose: .bounce)
        }
    }

    @Test func truncatedEmptyOverlongAndForeignTokensAreRefused() {
        let token = tokens.token(.bounce, campaignID: 9, subscriberID: 9)
        for cut in 0..<token.count {
            #expect(throws: FeedbackToken.Refusal.self) {
                try tokens.verify(String(token.prefix(cut)), purpose: .bounce)
            }
        }
        #expect(throws: FeedbackToken.Refusal.malformed) { try tokens.verify(token + "a", purpose: .bounce) }
        #expect(throws: FeedbackToken.Refusal.malformed) {
            try tokens.verify(String(repeating: "a", count: 80), purpose: .bounce)
        }
        #expect(throws: FeedbackToken.Refusal.malformed) { try tokens.verify("abc.def", purpose: .bounce) }
        let link = LinkSigner(key: Array(repeating: 5, count: 32)).token(
            .unsubscribe, ids: [9, 9], expires: .distantFuture)
        #expect(throws: FeedbackToken.Refusal.self) { try tokens.verify(link, purpose: .unsubscribe) }
    }

    @Test func base32RoundTripsAndRefusesNonZeroTrailingBits() {
        for length in 0..<12 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) }
            #expect(Base32.decode(Base32.encode(bytes)) == (length == 0 ? nil : bytes))
        }
        #expect(Base32.encode(Array("foobar".utf8)) == "mzxw6ytboi")
        #expect(Base32.decode("mzxw6ytboj") == nil)
    }
}
