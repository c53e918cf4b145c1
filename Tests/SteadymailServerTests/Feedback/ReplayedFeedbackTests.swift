import Foundation
import Logging
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// Genuine tokens and reports used a second time, or somewhere they were not issued for: each changes nothing more.
@Suite struct ReplayedFeedbackTests {
    static let key = Array(repeating: UInt8(5), count: 32)
    let now = FeedbackFixture.now
    let addresses = FeedbackAddresses(
        tokens: FeedbackToken(linkKey: Self.key), bounceDomain: "bounces.test", unsubscribeDomain: "unsub.test")
    let links = UnsubscribeLinks(signer: LinkSigner(key: Self.key), publicURL: "https://news.example.org")

    func consumer(_ store: SQLiteQueueStore, _ sink: any FeedbackSink) -> FeedbackMailConsumer {
        let clock = now
        return FeedbackMailConsumer(
            addresses: addresses, links: links, store: store, sink: sink, next: RecordingLocalMail(),
            logger: Logger(label: "test"), clock: { clock })
    }

    @Test func aDSNReplayedCountsOnce() async throws {
        try await ReadinessTests.withStore { store, _ in
            let fixture = try await FeedbackFixture.make(store, emails: ["a@example.org"], campaigns: 1)
            let (campaign, a) = (fixture.campaigns[0], try #require(fixture.ids["a@example.org"]))
            let processor = FeedbackProcessor(store: store, softBounceLimit: 3, logger: Logger(label: "test"))
            let to = try #require(addresses.returnPath(campaignID: campaign, subscriberID: a))
            let dsn = ReportSamples.render(ReportSamples.postfix, rcpt: "a@example.org", returnPath: to)
            for serial in 0..<3 {
                await consumer(store, processor).consume(
                    id: QueueID.make(millisecondsSince1970: 1_800_000_000_000 + UInt64(serial)), sender: "",
                    recipients: [to], content: dsn)
            }
            #expect(try await store.feedbackCounts(campaign: campaign) == [.hardBounce: 1])
            #expect(try await store.subscriber(id: a)?.status == .bounced)
        }
    }

    @Test func aBounceTokenReplayedForACampaignThatNeverMailedTheSubscriberChangesNothing() async throws {
        try await ReadinessTests.withStore { store, _ in
            let fixture = try await FeedbackFixture.make(store, emails: ["a@example.org"], campaigns: 1)
            let a = try #require(fixture.ids["a@example.org"])
            let processor = FeedbackProcessor(store: store, softBounceLimit: 3, logger: Logger(label: "test"))
            // A genuine token, but for a campaign that never mailed `a`: a report about it is not believed.
            let to = try #require(addresses.returnPath(campaignID: fixture.campaigns[0] + 1, subscriberID: a))
            let dsn = ReportSamples.render(ReportSamples.postfix, rcpt: "a@example.org", returnPath: to)
            await consumer(store, processor).consume(
                id: QueueID.make(millisecondsSince1970: 1_800_000_000_000), sender: "", recipients: [to], content: dsn)
            #expect(try await store.subscriber(id: a)?.status == .enabled)
            #expect(try await store.suppression(email: "a@example.org") == nil)
        }
    }

    @Test func anUnsubscribeLinkFollowedAgainCountsOnce() async throws {
        try await ReadinessTests.withStore { store, _ in
            let fixture = try await FeedbackFixture.make(store, emails: ["a@example.org"], campaigns: 1)
            let (campaign, a) = (fixture.campaigns[0], try #require(fixture.ids["a@example.org"]))
            let processor = FeedbackProcessor(store: store, softBounceLimit: 3, logger: Logger(label: "test"))
            let unsubscriptions = Unsubscriptions(store: store, links: links, feedback: processor)
            let token = links.token(campaignID: campaign, subscriberID: a)
            for _ in 0..<2 {
                #expect(
                    try await unsubscriptions.unsubscribe(token: token, now: now)
                        == .unsubscribed(email: "a@example.org"))
            }
            #expect(try await store.feedbackCounts(campaign: campaign) == [.unsubscribe: 1])
        }
    }
}
