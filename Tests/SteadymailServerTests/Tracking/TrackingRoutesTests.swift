import Foundation
import Logging
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct TrackingRoutesTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let links = TrackingLinks(signer: LinkSigner(key: Array(repeating: 9, count: 32)), publicURL: "https://n.example")

    func token(_ url: String?) throws -> String {
        String(try #require(url).split(separator: "/").last ?? "")
    }

    @Test func aClickLeadsOnlyToAStoredLinkOfItsOwnCampaign() async throws {
        try await ReadinessTests.withStore { store, _ in
            let list = try await store.createList(name: "news", optIn: .single, description: "", now: now)
            let settings = NewCampaign(name: "A", templateName: "t", fromAddress: "a@example.org", listIDs: [list.id])
            let first = try await store.createCampaign(settings, now: now)
            let second = try await store.createCampaign(settings, now: now)
            let sale = try await store.campaignLinkID(campaign: first.id, url: "https://shop.example/?a=1&b=2")
            let other = try await store.campaignLinkID(campaign: second.id, url: "https://elsewhere.example/")
            let routes = TrackingRoutes(
                links: links, store: store, recorder: EngagementRecorder(store: store, logger: Logger(label: "test")))

            let genuine = try token(links.clickURL(campaignID: first.id, subscriberID: 7, linkID: sale))
            let answer = try #require(try await routes.click(genuine, now: now))
            #expect(answer.1 == "https://shop.example/?a=1&b=2")
            #expect(
                answer.0
                    == EngagementHit(campaignID: first.id, subscriberID: 7, kind: .click, linkID: sale, at: now))
            // A genuine token naming another campaign's link, an unknown link, an open token: no target.
            let crossed = try token(links.clickURL(campaignID: first.id, subscriberID: 7, linkID: other))
            #expect(try await routes.click(crossed, now: now) == nil)
            let unknown = try token(links.clickURL(campaignID: first.id, subscriberID: 7, linkID: other + 100))
            #expect(try await routes.click(unknown, now: now) == nil)
            let open = try token(links.openURL(campaignID: first.id, subscriberID: 7))
            #expect(try await routes.click(open, now: now) == nil)
            #expect(try await routes.click("", now: now) == nil)
            #expect(routes.open(genuine, now: now) == nil)
            #expect(
                routes.open(open, now: now)
                    == EngagementHit(campaignID: first.id, subscriberID: 7, kind: .open, at: now))
        }
    }

    @Test func theLocationCarriesTheTargetWithUnsafeBytesEncoded() {
        #expect(TrackingRoutes.location("https://shop.example/?a=1&b=2#x") == "https://shop.example/?a=1&b=2#x")
        #expect(TrackingRoutes.location("https://é.example/a b\r\n") == "https://%C3%A9.example/a%20b%0D%0A")
    }
}
