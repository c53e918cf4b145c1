import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct PlannedCampaignVolumeTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func aScheduledCampaignCountsItsConfirmedSubscribersFromItsStart() async throws {
        try await ReadinessTests.withStore { store, _ in
            let list = try await store.createList(name: "news", optIn: .single, description: "", now: now)
            _ = try await store.upsertSubscribers(
                (0..<30).map { SubscriberUpsert(email: "s\($0)@example.org") }, listID: list.id,
                subscriptionStatus: .confirmed, now: now)
            let sendAt = now.addingTimeInterval(3 * 86_400)
            let campaign = try await store.createCampaign(
                NewCampaign(
                    name: "sale", templateName: "hello", fromAddress: "shop@example.org", throttlePerMinute: 0,
                    sendAt: sendAt, listIDs: [list.id]), now: now)
            _ = try await store.setCampaignState(id: campaign.id, to: .scheduled, note: nil, sendAt: sendAt, now: now)
            let draft = try await store.createCampaign(
                NewCampaign(name: "draft", templateName: "hello", fromAddress: "shop@example.org", listIDs: [list.id]),
                now: now)
            #expect(draft.state == .draft)

            let forecast = try await PlannedCampaignVolume(store: store).forecast(now: now, horizon: 14 * 86_400)
            #expect(forecast.map(\.at) == [sendAt] && forecast.map(\.count) == [30])
            #expect(try await PlannedCampaignVolume(store: store).forecast(now: now, horizon: 86_400).isEmpty)
        }
    }

    @Test func thePlannerAvoidsTheHourOfAScheduledCampaign() async throws {
        try await ReadinessTests.withStore { store, _ in
            let list = try await store.createList(name: "news", optIn: .single, description: "", now: now)
            _ = try await store.upsertSubscribers(
                (0..<50).map { SubscriberUpsert(email: "s\($0)@example.org") }, listID: list.id,
                subscriptionStatus: .confirmed, now: now)
            // With no history every hour is equally quiet, so the first candidate is the next whole hour.
            let operations = MaintenanceOperations(
                store: store,
                settings: { (.seconds(300), [OffPeakPlanner.RelayCapacity(name: "a", ratePerSecond: nil)]) },
                changed: nil)
            let before = try await operations.suggest(duration: "1h", relay: nil, limit: 1, now: now)
            let busy = try #require(InternetDate.parseRFC3339(before[0].start))
            let campaign = try await store.createCampaign(
                NewCampaign(
                    name: "sale", templateName: "hello", fromAddress: "shop@example.org", sendAt: busy,
                    listIDs: [list.id]), now: now)
            _ = try await store.setCampaignState(id: campaign.id, to: .scheduled, note: nil, sendAt: busy, now: now)
            let after = try await operations.suggest(duration: "1h", relay: nil, limit: 336, now: now)
            #expect(after.first?.start != before[0].start)
            #expect(after.first(where: { $0.start == before[0].start })?.expectedVolume == 50)
        }
    }
}
