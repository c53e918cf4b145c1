import Foundation
import Logging
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// A feedback sink that keeps every event it is handed.
actor RecordingFeedbackSink: FeedbackSink {
    private(set) var events: [FeedbackEvent] = []

    func record(_ event: FeedbackEvent) async throws -> FeedbackResult {
        events.append(event)
        return .recorded
    }
}

/// A local mail consumer that keeps the recipients handed on to it.
actor RecordingLocalMail: LocalMailConsumer {
    private(set) var recipients: [String] = []

    func consume(id: QueueID, sender: String, recipients: [String], content: [UInt8]) async {
        self.recipients += recipients
    }
}

@Suite struct FeedbackMailConsumerTests {
    static let key = Array(repeating: UInt8(9), count: 32)
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let addresses = FeedbackAddresses(
        tokens: FeedbackToken(linkKey: Self.key), bounceDomain: "Bounces.Test", unsubscribeDomain: "unsub.test")
    let links = UnsubscribeLinks(signer: LinkSigner(key: Self.key), publicURL: "https://news.example.org")
    let id = QueueID.make(millisecondsSince1970: 1_800_000_000_000)

    struct Fixture {
        let consumer: FeedbackMailConsumer
        let sink: RecordingFeedbackSink
        let next: RecordingLocalMail
        /// The subscribers' ids by address s0@ ... s3@example.org.
        let ids: [String: Int64]
    }

    func withConsumer(_ body: (Fixture) async throws -> Void) async throws {
        try await ReadinessTests.withStore { store, _ in
            let list = try await store.createList(name: "news", optIn: .single, description: "", now: now)
            let rows = (0..<4).map { SubscriberUpsert(email: "s\($0)@example.org", name: "S\($0)") }
            _ = try await store.upsertSubscribers(rows, listID: list.id, subscriptionStatus: .confirmed, now: now)
            var ids: [String: Int64] = [:]
            for index in 0..<4 {
                ids["s\(index)@example.org"] = try #require(try await store.subscriber(email: "s\(index)@example.org"))
                    .id
            }
            let sink = RecordingFeedbackSink()
            let next = RecordingLocalMail()
            let clock = now
            let consumer = FeedbackMailConsumer(
                addresses: addresses, links: links, store: store, sink: sink, next: next,
                logger: Logger(label: "test"), clock: { clock })
            try await body(Fixture(consumer: consumer, sink: sink, next: next, ids: ids))
        }
    }

    func verp(_ campaign: Int64, _ subscriber: Int64) -> String {
        addresses.returnPath(campaignID: campaign, subscriberID: subscriber) ?? ""
    }

    @Test func aFailedDSNForTheTokensSubscriberIsAHardBounce() async throws {
        try await withConsumer { fixture in
            let subscriber = try #require(fixture.ids["s1@example.org"])
            let to = verp(7, subscriber)
            #expect(to.hasPrefix("bounces+") && to.hasSuffix("@bounces.test"))
            for sample in [ReportSamples.postfix, ReportSamples.gmail] {
                let content = ReportSamples.render(sample, rcpt: "S1@example.org", returnPath: to, crlf: true)
                await fixture.consumer.consume(id: id, sender: "", recipients: [to.uppercased()], content: content)
            }
            let events = await fixture.sink.events
            let expected = FeedbackEvent(
                kind: .hardBounce, source: .dsn, email: "s1@example.org", campaignID: 7, subscriberID: subscriber,
                status: "5.1.1",
                detail: "550 5.1.1 <S1@example.org>: Recipient address rejected: User unknown in local recipient table",
                at: now, dedupeKey: "dsn:7:\(subscriber):5.1.1")
            #expect(events.count == 2)
            #expect(events.first == expected)
            #expect(
                events.last?.dedupeKey == expected.dedupeKey
                    && events.last?.detail?.hasPrefix("550-5.1.1 The email account") == true)
            #expect(await fixture.next.recipients.isEmpty)
        }
    }

    @Test func aFullMailboxIsASoftBounce() async throws {
        try await withConsumer { fixture in
            let subscriber = try #require(fixture.ids["s2@example.org"])
            let to = verp(7, subscriber)
            let content = ReportSamples.render(ReportSamples.mixed, rcpt: "s2@example.org", returnPath: to)
            await fixture.consumer.consume(id: id, sender: "", recipients: [to], content: content)
            let events = await fixture.sink.events
            #expect(events.map(\.kind) == [.softBounce])
            #expect(events.map(\.status) == ["5.2.2"])
        }
    }

    @Test func delaysForgedTokensOtherAddressesAndAutorepliesChangeNothing() async throws {
        try await withConsumer { fixture in
            let subscriber = try #require(fixture.ids["s1@example.org"])
            let to = verp(7, subscriber)
            let delayed = ReportSamples.render(ReportSamples.postfixDelayed, returnPath: to)
            await fixture.consumer.consume(id: id, sender: "", recipients: [to], content: delayed)
            var forged = Array(to)
            forged[10] = forged[10] == "a" ? "b" : "a"
            let failed = ReportSamples.render(ReportSamples.postfix, returnPath: to)
            await fixture.consumer.consume(id: id, sender: "", recipients: [String(forged)], content: failed)
            let other = ReportSamples.render(ReportSamples.postfix, rcpt: "s2@example.org", returnPath: to)
            await fixture.consumer.consume(id: id, sender: "", recipients: [to], content: other)
            let autoreply = ReportSamples.render(ReportSamples.autoreply, returnPath: to)
            await fixture.consumer.consume(id: id, sender: "s1@example.org", recipients: [to], content: autoreply)
            let unsubscribeToken = addresses.tokens.token(.unsubscribe, campaignID: 7, subscriberID: subscriber)
            await fixture.consumer.consume(
                id: id, sender: "", recipients: ["bounces+\(unsubscribeToken)@bounces.test"], content: failed)
            #expect(await fixture.sink.events.isEmpty)
            #expect(await fixture.next.recipients.isEmpty)
        }
    }

    @Test func anARFReportToTheReturnPathIsAComplaint() async throws {
        try await withConsumer { fixture in
            let subscriber = try #require(fixture.ids["s3@example.org"])
            let to = verp(8, subscriber)
            let content = ReportSamples.render(ReportSamples.rfc5965, rcpt: "s3@example.org", returnPath: to)
            await fixture.consumer.consume(id: id, sender: "", recipients: [to], content: content)
            #expect(
                await fixture.sink.events == [
                    FeedbackEvent(
                        kind: .complaint, source: .arf, email: "s3@example.org", campaignID: 8,
                        subscriberID: subscriber,
                        detail: "abuse from SomeGenerator/1.0", at: now, dedupeKey: "arf:8:\(subscriber)")
                ])
        }
    }

    @Test func aFeedbackLoopReportIsTiedByReturnPathListUnsubscribeOrCampaignHeader() async throws {
        try await withConsumer { fixture in
            let s1 = try #require(fixture.ids["s1@example.org"])
            let s2 = try #require(fixture.ids["s2@example.org"])
            // The original Return-Path carries the VERP token.
            let byReturnPath = ReportSamples.yahoo.replacingOccurrences(of: "{{LISTUNSUB}}", with: "<https://x.test/>")
            await fixture.consumer.consume(
                id: id, sender: "", recipients: ["fbl@bounces.test"],
                content: ReportSamples.render(byReturnPath, returnPath: verp(5, s1)))
            // Only the https unsubscribe link is left.
            let link = try #require(links.url(campaignID: 6, subscriberID: s2))
            let byLink = ReportSamples.yahoo.replacingOccurrences(of: "{{LISTUNSUB}}", with: "<\(link)>")
            await fixture.consumer.consume(
                id: id, sender: "", recipients: ["abuse@bounces.test"],
                content: ReportSamples.render(byLink, returnPath: "redacted@yahoo.example"))
            // Only the mailto unsubscribe address is left.
            let mailto = try #require(addresses.unsubscribeMailto(campaignID: 4, subscriberID: s1))
            let byMailto = ReportSamples.yahoo.replacingOccurrences(of: "{{LISTUNSUB}}", with: "<\(mailto)>")
            await fixture.consumer.consume(
                id: id, sender: "", recipients: ["fbl@bounces.test"],
                content: ReportSamples.render(byMailto, returnPath: "redacted@yahoo.example"))
            // Neither: the campaign header and the reported recipient.
            let byHeader = ReportSamples.rfc5965.replacingOccurrences(
                of: "Subject: Earn money\n", with: "Subject: Earn money\nX-Steadymail-Campaign: 3\n")
            await fixture.consumer.consume(
                id: id, sender: "", recipients: ["fbl@bounces.test"],
                content: ReportSamples.render(byHeader, rcpt: "s2@example.org", returnPath: "x@elsewhere.test"))
            let events = await fixture.sink.events
            #expect(events.map(\.campaignID) == [5, 6, 4, 3])
            #expect(events.map(\.subscriberID) == [s1, s2, s1, s2])
            #expect(events.map(\.email) == ["s1@example.org", "s2@example.org", "s1@example.org", "s2@example.org"])
            #expect(Set(events.map(\.kind)) == [.complaint] && Set(events.map(\.source)) == [.arf])
        }
    }

    @Test func aFeedbackLoopReportTiedToNothingOrNoComplaintChangesNothing() async throws {
        try await withConsumer { fixture in
            let untied = ReportSamples.render(ReportSamples.rfc5965, returnPath: "somespammer@example.net")
            await fixture.consumer.consume(id: id, sender: "", recipients: ["fbl@bounces.test"], content: untied)
            let s1 = try #require(fixture.ids["s1@example.org"])
            let notSpam = ReportSamples.rfc5965.replacingOccurrences(
                of: "Feedback-Type: abuse", with: "Feedback-Type: not-spam")
            await fixture.consumer.consume(
                id: id, sender: "", recipients: ["fbl@bounces.test"],
                content: ReportSamples.render(notSpam, returnPath: verp(1, s1)))
            let forgedLink = ReportSamples.yahoo.replacingOccurrences(
                of: "{{LISTUNSUB}}",
                with:
                    "<\(UnsubscribeLinks(signer: LinkSigner(key: Array(repeating: 1, count: 32)), publicURL: "https://a.test").url(campaignID: 1, subscriberID: s1) ?? "")>"
            )
            await fixture.consumer.consume(
                id: id, sender: "", recipients: ["fbl@bounces.test"],
                content: ReportSamples.render(forgedLink, returnPath: "redacted@yahoo.example"))
            await fixture.consumer.consume(
                id: id, sender: "", recipients: ["fbl@bounces.test"],
                content: ReportSamples.render(ReportSamples.postfix))
            #expect(await fixture.sink.events.isEmpty)
        }
    }

    @Test func mailToTheUnsubscribeAddressUnsubscribesItsSubscriber() async throws {
        try await withConsumer { fixture in
            let s0 = try #require(fixture.ids["s0@example.org"])
            let mailto = try #require(addresses.unsubscribeMailto(campaignID: 2, subscriberID: s0))
            #expect(mailto.hasPrefix("mailto:unsubscribe+") && mailto.hasSuffix("@unsub.test?subject=unsubscribe"))
            let address = String(mailto.dropFirst("mailto:".count).prefix { $0 != "?" })
            let content = Array("From: s0@example.org\r\nSubject: unsubscribe\r\n\r\n\r\n".utf8)
            await fixture.consumer.consume(id: id, sender: "s0@example.org", recipients: [address], content: content)
            let bounceToken = addresses.tokens.token(.bounce, campaignID: 2, subscriberID: s0)
            await fixture.consumer.consume(
                id: id, sender: "x@example.org", recipients: ["unsubscribe+\(bounceToken)@unsub.test"], content: content
            )
            #expect(
                await fixture.sink.events == [
                    FeedbackEvent(
                        kind: .unsubscribe, source: .mailto, email: "s0@example.org", campaignID: 2, subscriberID: s0,
                        at: now, dedupeKey: "mailto:2:\(s0)")
                ])
        }
    }

    @Test func otherLocalRecipientsGoOnToTheNextConsumer() async throws {
        try await withConsumer { fixture in
            await fixture.consumer.consume(
                id: id, sender: "a@example.org",
                recipients: ["canary+1@canary.test", "unsubscribe@elsewhere.test", "someone@unsub.test"],
                content: Array("Subject: x\r\n\r\nhi\r\n".utf8))
            #expect(
                await fixture.next.recipients == [
                    "canary+1@canary.test", "unsubscribe@elsewhere.test", "someone@unsub.test",
                ])
            #expect(await fixture.sink.events.isEmpty)
        }
    }
}
