import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func engagementCountsTotalsAndUniques(_ store: any QueueStore) async throws {
        let hour = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.recordEngagement([
            EngagementHit(campaignID: 1, subscriberID: 10, kind: .open, at: hour.addingTimeInterval(60)),
            EngagementHit(campaignID: 1, subscriberID: 10, kind: .open, at: hour.addingTimeInterval(120)),
            EngagementHit(campaignID: 1, subscriberID: 11, kind: .open, at: hour.addingTimeInterval(3_700)),
            EngagementHit(campaignID: 1, subscriberID: 10, kind: .click, linkID: 5, at: hour.addingTimeInterval(130)),
            EngagementHit(campaignID: 2, subscriberID: 10, kind: .open, at: hour),
        ])
        // Another link by the same subscriber: one more click, not one more clicker.
        try await store.recordEngagement([
            EngagementHit(campaignID: 1, subscriberID: 10, kind: .click, linkID: 6, at: hour.addingTimeInterval(3_800)),
            EngagementHit(campaignID: 1, subscriberID: 10, kind: .open, at: hour.addingTimeInterval(3_900)),
        ])
        #expect(
            try await store.engagementSummary(campaign: 1)
                == EngagementSummary(opens: 4, uniqueOpens: 2, clicks: 2, uniqueClicks: 1))
        #expect(try await store.engagementSummary(campaign: 3) == EngagementSummary())
        let hours = try await store.engagementHours(campaign: 1)
        #expect(
            hours == [
                EngagementHour(hour: hour, kind: .click, total: 1, uniques: 1),
                EngagementHour(hour: hour, kind: .open, total: 2, uniques: 1),
                EngagementHour(hour: hour.addingTimeInterval(3_600), kind: .click, total: 1, uniques: 0),
                EngagementHour(hour: hour.addingTimeInterval(3_600), kind: .open, total: 2, uniques: 1),
            ])
    }
}
