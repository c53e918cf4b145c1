import Foundation
import Logging
import SteadymailConfig
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct CampaignFeedbackAddressTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let tokens = FeedbackToken(linkKey: Array(repeating: 3, count: 32))

    /// Runs a two-subscriber campaign once with `feedback` and returns each queued message's sender and header
    /// section (unfolded), with the subscribers' ids and the campaign's.
    func queued(feedback: FeedbackAddresses?) async throws -> (rows: [(String, String, Int64)], campaign: Int64) {
        var result: ([(String, String, Int64)], Int64) = ([], 0)
        try await ReadinessTests.withStore { store, _ in
            let list = try await store.createList(name: "news", optIn: .single, description: "", now: start)
            let rows = (0..<2).map { SubscriberUpsert(email: "s\($0)@example.org", name: "S\($0)") }
            _ = try await store.upsertSubscribers(rows, listID: list.id, subscriptionStatus: .confirmed, now: start)
            let service = CampaignService(
                store: store, renderer: GreetingRenderer(), hostname: "mx.example.org",
                unsubscribe: CampaignServiceTests.links, tracking: CampaignServiceTests.tracking,
                delivery: WakeSignal(),
                settings: CampaignsConfiguration(tick: .seconds(1), batch: 10, lookahead: 10), feedback: feedback,
                logger: Logger(label: "test"))
            let operations = CampaignOperations(
                store: store, renderer: GreetingRenderer(), wake: nil, hasPublicURL: true)
            let campaign = try await operations.create(
                CampaignRequest(
                    name: "Sale", template: "hello", lists: ["news"], from: "shop@example.org", throttle: nil,
                    window: nil, timeZone: "UTC", sendAt: nil, deadline: nil), now: start)
            _ = try await store.setCampaignState(id: campaign.id, to: .running, note: nil, sendAt: nil, now: start)
            await service.tick(now: start)
            for record in try await store.recipients(matching: RecipientFilter()) {
                let body = String(decoding: try #require(try await store.body(of: record.key.messageID)), as: UTF8.self)
                let head = body.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
                let subscriber = try #require(try await store.subscriber(email: record.recipient)).id
                result.0.append((record.sender, head, subscriber))
            }
            result.1 = campaign.id
        }
        return result
    }

    @Test func withFeedbackDomainsTheSenderIsTheVERPAddressAndListUnsubscribeHasTheMailto() async throws {
        let addresses = FeedbackAddresses(tokens: tokens, bounceDomain: "bounces.test", unsubscribeDomain: "unsub.test")
        let (rows, campaign) = try await queued(feedback: addresses)
        #expect(rows.count == 2)
        for (sender, head, subscriber) in rows {
            #expect(sender.hasPrefix("bounces+") && sender.hasSuffix("@bounces.test"))
            let token = String(sender.dropFirst("bounces+".count).prefix { $0 != "@" })
            #expect(
                try tokens.verify(token, purpose: .bounce)
                    == FeedbackToken.Claims(campaignID: campaign, subscriberID: subscriber))
            #expect(head.hasPrefix("From: <shop@example.org>\r\n") || head.contains("\r\nFrom: <shop@example.org>\r\n"))
            #expect(!head.contains("Return-Path"))
            let line = try #require(head.components(separatedBy: "\r\n").first { $0.hasPrefix("List-Unsubscribe: ") })
            let mailto = try #require(addresses.unsubscribeMailto(campaignID: campaign, subscriberID: subscriber))
            #expect(line.hasPrefix("List-Unsubscribe: <https://news.example.org/unsubscribe/"))
            #expect(line.hasSuffix(">, <\(mailto)>"))
        }
    }

    @Test func withoutFeedbackDomainsTheSenderIsTheFromAddressAndOnlyTheLinkIsListed() async throws {
        let (rows, _) = try await queued(feedback: nil)
        #expect(rows.count == 2)
        for (sender, head, _) in rows {
            #expect(sender == "shop@example.org")
            #expect(!head.contains("mailto:"))
        }
    }
}
