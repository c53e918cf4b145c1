import Foundation
import Testing

@testable import SteadymailServer

@Suite struct TrackingLinksTests {
    let signer = LinkSigner(key: Array(repeating: 5, count: 32))
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    var links: TrackingLinks { TrackingLinks(signer: signer, publicURL: "https://news.example.org") }

    func token(_ url: String?, after prefix: String) throws -> String {
        let url = try #require(url)
        #expect(url.hasPrefix(prefix))
        return String(url.dropFirst(prefix.count))
    }

    @Test func openAndClickLinksNameTheirIds() throws {
        let open = try token(
            links.openURL(campaignID: 4, subscriberID: 77), after: "https://news.example.org/t/o/")
        #expect(try links.verifyOpen(open, now: now) == TrackingLinks.Open(campaignID: 4, subscriberID: 77))
        let click = try token(
            links.clickURL(campaignID: 4, subscriberID: 77, linkID: 9), after: "https://news.example.org/t/c/")
        #expect(
            try links.verifyClick(click, now: now) == TrackingLinks.Click(campaignID: 4, subscriberID: 77, linkID: 9))
        // They do not expire: a message read in ten years still counts.
        #expect(throws: Never.self) { try links.verifyClick(click, now: now + 10 * 365 * 86_400) }
    }

    @Test func noPublicURLNoLinks() {
        let bare = TrackingLinks(signer: signer, publicURL: nil)
        #expect(bare.openURL(campaignID: 1, subscriberID: 2) == nil)
        #expect(bare.clickURL(campaignID: 1, subscriberID: 2, linkID: 3) == nil)
    }

    @Test func aTokenOfAnotherPurposeIsRefused() throws {
        let open = try token(links.openURL(campaignID: 4, subscriberID: 77), after: "https://news.example.org/t/o/")
        let click = try token(
            links.clickURL(campaignID: 4, subscriberID: 77, linkID: 9), after: "https://news.example.org/t/c/")
        #expect(throws: LinkSigner.Refusal.wrongPurpose) { try links.verifyClick(open, now: now) }
        #expect(throws: LinkSigner.Refusal.wrongPurpose) { try links.verifyOpen(click, now: now) }
        let unsubscribe = UnsubscribeLinks(signer: signer, publicURL: nil).token(campaignID: 4, subscriberID: 77)
        #expect(throws: LinkSigner.Refusal.wrongPurpose) { try links.verifyClick(unsubscribe, now: now) }
        #expect(throws: LinkSigner.Refusal.wrongPurpose) { try links.verifyOpen(unsubscribe, now: now) }
    }

    @Test func forgedAndEditedClickTokensAreRefused() throws {
        let click = try token(
            links.clickURL(campaignID: 4, subscriberID: 77, linkID: 9), after: "https://news.example.org/t/c/")
        let parts = click.split(separator: ".").map(String.init)
        // The same MAC over a payload naming another link.
        let edited = Base64URL.encode(Array(#"{"e":32503680000,"i":[4,77,10],"p":"click"}"#.utf8))
        #expect(throws: LinkSigner.Refusal.badSignature) { try links.verifyClick(edited + "." + parts[1], now: now) }
        // A token made with another key.
        let foreign = TrackingLinks(signer: LinkSigner(key: Array(repeating: 6, count: 32)), publicURL: "https://x")
        let forged = try token(
            foreign.clickURL(campaignID: 4, subscriberID: 77, linkID: 9), after: "https://x/t/c/")
        #expect(throws: LinkSigner.Refusal.badSignature) { try links.verifyClick(forged, now: now) }
        // Every single character changed, one at a time.
        let characters = Array(click)
        for index in characters.indices where characters[index] != "." {
            var changed = characters
            changed[index] = changed[index] == "A" ? "B" : "A"
            #expect(throws: LinkSigner.Refusal.self) { try links.verifyClick(String(changed), now: now) }
        }
    }

    @Test func aClickTokenWithTheWrongNumberOfIdsIsMalformed() {
        let two = signer.token(.click, ids: [4, 77], expires: TrackingLinks.expiry)
        #expect(throws: LinkSigner.Refusal.malformed) { try links.verifyClick(two, now: now) }
        let three = signer.token(.open, ids: [4, 77, 1], expires: TrackingLinks.expiry)
        #expect(throws: LinkSigner.Refusal.malformed) { try links.verifyOpen(three, now: now) }
    }
}
