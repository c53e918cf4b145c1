import Foundation
import Logging
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct UnsubscriptionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let links = UnsubscribeLinks(
        signer: LinkSigner(key: Array(repeating: 5, count: 32)), publicURL: "https://news.example.org")

    @Test func aLinkNamesItsCampaignAndSubscriberAndNeverExpires() throws {
        let url = try #require(links.url(campaignID: 4, subscriberID: 9))
        #expect(url.hasPrefix("https://news.example.org/unsubscribe/"))
        let token = String(url.dropFirst("https://news.example.org/unsubscribe/".count))
        let later = now.addingTimeInterval(20 * 365 * 86_400)
        #expect(try links.verify(token, now: later) == UnsubscribeLinks.Target(campaignID: 4, subscriberID: 9))
        #expect(UnsubscribeLinks(signer: links.signer, publicURL: nil).url(campaignID: 4, subscriberID: 9) == nil)
    }

    @Test func tokensOfAnotherPurposeOrEditedOrForgedAreRefused() throws {
        let confirm = links.signer.token(.confirm, ids: [4, 9], expires: now + 3600)
        #expect(throws: LinkSigner.Refusal.wrongPurpose) { try links.verify(confirm, now: now) }
        let genuine = links.token(campaignID: 4, subscriberID: 9)
        let mac = String(genuine.split(separator: ".")[1])
        let edited = Base64URL.encode(Array(#"{"e":32503680000,"i":[4,10],"p":"unsubscribe"}"#.utf8))
        #expect(throws: LinkSigner.Refusal.badSignature) { try links.verify(edited + "." + mac, now: now) }
        let forged = UnsubscribeLinks(signer: LinkSigner(key: Array(repeating: 6, count: 32)), publicURL: nil)
        #expect(throws: LinkSigner.Refusal.badSignature) {
            try links.verify(forged.token(campaignID: 4, subscriberID: 9), now: now)
        }
        let unsubscribeForConfirm = links.token(campaignID: 4, subscriberID: 9)
        #expect(throws: LinkSigner.Refusal.wrongPurpose) {
            try links.signer.verify(unsubscribeForConfirm, purpose: .confirm, now: now)
        }
    }

    @Test func aGenuineTokenUnsubscribesAndSuppressesOnlyItsSubscriber() async throws {
        try await ReadinessTests.withStore { store, _ in
            let list = try await store.createList(name: "news", optIn: .single, description: "", now: now)
            _ = try await store.upsertSubscribers(
                [
                    SubscriberUpsert(email: "a@example.org", name: "A"),
                    SubscriberUpsert(email: "b@example.org", name: "B"),
                ],
                listID: list.id, subscriptionStatus: .confirmed, now: now)
            let a = try #require(try await store.subscriber(email: "a@example.org"))
            let unsubscriptions = Unsubscriptions(
                store: store, links: links,
                feedback: FeedbackProcessor(store: store, softBounceLimit: 3, logger: Logger(label: "test")))
            let token = links.token(campaignID: 1, subscriberID: a.id)
            #expect(unsubscriptions.check(token: token, now: now) == nil)
            #expect(unsubscriptions.check(token: token + "x", now: now) != nil)
            let edited = try await unsubscriptions.unsubscribe(token: "A" + token, now: now)
            #expect(edited == .invalid(.badSignature) || edited == .invalid(.malformed))
            #expect(try await store.subscriber(id: a.id)?.status == .enabled)
            #expect(try await store.suppression(email: "a@example.org") == nil)
            #expect(
                try await unsubscriptions.unsubscribe(token: token, now: now) == .unsubscribed(email: "a@example.org"))
            #expect(try await store.subscriber(id: a.id)?.status == .unsubscribed)
            #expect(try await store.suppression(email: "a@example.org")?.reason == .unsubscribe)
            #expect(try await store.subscriber(email: "b@example.org")?.status == .enabled)
            #expect(try await store.suppression(email: "b@example.org") == nil)
            // Recorded through the feedback processor, once per campaign and subscriber.
            #expect(try await store.feedbackCounts(campaign: 1) == [.unsubscribe: 1])
            // Again: still unsubscribed, nothing breaks.
            #expect(
                try await unsubscriptions.unsubscribe(token: token, now: now) == .unsubscribed(email: "a@example.org"))
            #expect(
                try await unsubscriptions.unsubscribe(token: links.token(campaignID: 1, subscriberID: 999), now: now)
                    == .gone)
            #expect(try await store.feedbackCounts(campaign: 1) == [.unsubscribe: 1])
        }
    }

    @Test func aCampaignCannotStartWithoutAPublicURL() async throws {
        try await ReadinessTests.withStore { store, _ in
            _ = try await store.createList(name: "news", optIn: .single, description: "", now: now)
            let operations = CampaignOperations(
                store: store, renderer: GreetingRenderer(), wake: nil, hasPublicURL: false)
            let campaign = try await operations.create(
                CampaignRequest(name: "Sale", template: "hello", lists: ["news"], from: "shop@example.org"), now: now)
            let error = await #expect(throws: CampaignRequestError.self) {
                try await operations.start(id: campaign.id, now: now)
            }
            #expect(error?.field == "http.public_url")
            #expect(try await store.campaign(id: campaign.id)?.state == .draft)
        }
    }
}
