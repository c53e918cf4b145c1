import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func campaignLinksKeepOneIDPerCampaignAndURL(_ store: any QueueStore) async throws {
        let news = try await store.createList(name: "news", optIn: .single, description: "", now: at(0))
        let first = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        let second = try await store.createCampaign(newCampaign(lists: [news.id]), now: at(1))
        let sale = try await store.campaignLinkID(campaign: first.id, url: "https://shop.example/sale?a=1&b=2")
        let blog = try await store.campaignLinkID(campaign: first.id, url: "https://blog.example/")
        #expect(sale != blog)
        #expect(try await store.campaignLinkID(campaign: first.id, url: "https://shop.example/sale?a=1&b=2") == sale)
        // The same URL in another campaign is another link: a click token of one campaign never names the other's.
        let elsewhere = try await store.campaignLinkID(campaign: second.id, url: "https://shop.example/sale?a=1&b=2")
        #expect(elsewhere != sale)
        #expect(
            try await store.campaignLink(id: sale)
                == CampaignLink(id: sale, campaignID: first.id, url: "https://shop.example/sale?a=1&b=2"))
        #expect(try await store.campaignLink(id: elsewhere)?.campaignID == second.id)
        #expect(try await store.campaignLink(id: max(sale, blog, elsewhere) + 1) == nil)
    }

    static func campaignsKeepTheirTrackingSetting(_ store: any QueueStore) async throws {
        let news = try await store.createList(name: "news", optIn: .single, description: "", now: at(0))
        var settings = newCampaign(lists: [news.id])
        #expect(settings.tracking)
        let tracked = try await store.createCampaign(settings, now: at(1))
        settings.tracking = false
        let untracked = try await store.createCampaign(settings, now: at(2))
        #expect(tracked.settings.tracking && !untracked.settings.tracking)
        #expect(try await store.campaign(id: untracked.id)?.settings.tracking == false)
        #expect(try await store.campaigns(states: nil).map(\.settings.tracking) == [false, true])
    }
}
