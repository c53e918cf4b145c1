import Foundation
import Logging
import SteadymailConfig
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// A renderer double whose HTML has two links (one with `&amp;`), the unsubscribe link and a mailto link.
struct LinkRenderer: CampaignRendering {
    func templateExists(_ name: String) async throws -> Bool { name == "hello" }

    func render(
        campaign: CampaignRecord, subscriber: Subscriber, links: [String: String]
    ) async throws -> RenderedCampaignContent {
        RenderedCampaignContent(
            subject: "Hi",
            html: """
                <html><body><p><a href="https://shop.example/sale?a=1&amp;b=2">Sale</a>
                <a href="https://blog.example/">Blog</a> <a href="mailto:help@example.org">Help</a>
                <a href="\(links["unsubscribe"] ?? "")">Unsubscribe</a></p></body></html>
                """,
            text: "Sale: https://shop.example/sale?a=1&b=2")
    }
}

@Suite struct CampaignTrackingTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    /// The decoded parts of a stored message: quoted-printable undone.
    static func decoded(_ body: String) -> String {
        var text = body.replacingOccurrences(of: "=\r\n", with: "")
        for byte in UInt8(0)...UInt8(255) {
            let hex = String(format: "=%02X", byte)
            guard text.contains(hex) else { continue }
            text = text.replacingOccurrences(of: hex, with: String(decoding: [byte], as: UTF8.self))
        }
        return text
    }

    func withCampaign(
        tracking: Bool?, _ body: (SQLiteQueueStore, Int64, String) async throws -> Void
    ) async throws {
        try await ReadinessTests.withStore { store, _ in
            let list = try await store.createList(name: "news", optIn: .single, description: "", now: start)
            _ = try await store.upsertSubscribers(
                [SubscriberUpsert(email: "s0@example.org", name: "S0")], listID: list.id,
                subscriptionStatus: .confirmed, now: start)
            let service = CampaignService(
                store: store, renderer: LinkRenderer(), hostname: "mx.example.org",
                unsubscribe: CampaignServiceTests.links, tracking: CampaignServiceTests.tracking,
                delivery: WakeSignal(), settings: CampaignsConfiguration(tick: .seconds(1), batch: 10, lookahead: 10),
                logger: Logger(label: "test"))
            let operations = CampaignOperations(store: store, renderer: LinkRenderer(), wake: nil, hasPublicURL: true)
            let campaign = try await operations.create(
                CampaignRequest(
                    name: "Sale", template: "hello", lists: ["news"], from: "shop@example.org", tracking: tracking),
                now: start)
            #expect(campaign.tracking == (tracking ?? true))
            _ = try await operations.start(id: campaign.id, now: start)
            await service.tick(now: start)
            let queued = try #require(try await store.recipients(matching: RecipientFilter()).first)
            let raw = String(decoding: try #require(try await store.body(of: queued.key.messageID)), as: UTF8.self)
            try await body(store, campaign.id, Self.decoded(raw))
        }
    }

    @Test func aTrackedCampaignsHTMLLinksGoThroughClickLinksAndCarryThePixel() async throws {
        try await withCampaign(tracking: nil) { store, campaignID, body in
            let clicks = body.components(separatedBy: "href=\"https://news.example.org/t/c/").dropFirst()
                .map { String($0.prefix { $0 != "\"" }) }
            #expect(clicks.count == 2)
            var targets: [String] = []
            for token in clicks {
                let click = try CampaignServiceTests.tracking.verifyClick(token, now: start)
                #expect(click.campaignID == campaignID)
                let link = try #require(try await store.campaignLink(id: click.linkID))
                #expect(link.campaignID == campaignID)
                targets.append(link.url)
            }
            #expect(targets == ["https://shop.example/sale?a=1&b=2", "https://blog.example/"])
            #expect(body.contains("<img src=\"https://news.example.org/t/o/"))
            #expect(body.contains("style=\"display:none\"></body>"))
            // Left alone: mailto, the unsubscribe link, and the text part.
            #expect(body.contains("<a href=\"mailto:help@example.org\">"))
            #expect(body.contains("<a href=\"https://news.example.org/unsubscribe/"))
            #expect(body.contains("Sale: https://shop.example/sale?a=1&b=2"))
            #expect(!body.contains("href=\"https://shop.example") && !body.contains("href=\"https://blog.example"))
        }
    }

    @Test func anUntrackedCampaignIsLeftAsRendered() async throws {
        try await withCampaign(tracking: false) { store, _, body in
            #expect(body.contains("<a href=\"https://shop.example/sale?a=1&amp;b=2\">Sale</a>"))
            #expect(body.contains("<a href=\"https://blog.example/\">Blog</a>"))
            #expect(!body.contains("/t/c/") && !body.contains("/t/o/") && !body.contains("<img"))
            let link = try await store.campaignLink(id: 1)
            #expect(link == nil)
        }
    }
}
