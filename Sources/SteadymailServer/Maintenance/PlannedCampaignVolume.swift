import Foundation
import SteadymailDomain
import SteadymailStorage

/// The mail that scheduled and running campaigns are expected to send, for the off-peak planner.
///
/// It exists so that `steadymail maintenance suggest` weighs the traffic of campaigns already planned, not only the
/// last 28 days: a scheduled campaign counts every confirmed subscriber of its lists from its start time, a running
/// one its pending ledger rows (or its lists while its audience is not yet taken) from now, each spread at its
/// throttle by `CampaignVolumeForecast`.
struct PlannedCampaignVolume {
    let store: any QueueStore

    func forecast(now: Date, horizon: TimeInterval) async throws -> [(at: Date, count: Int)] {
        let campaigns = try await store.campaigns(states: [.scheduled, .running])
        guard !campaigns.isEmpty else { return [] }
        let sizes = try await store.listSizes()
        var planned: [(at: Date, count: Int)] = []
        for campaign in campaigns {
            let listed = campaign.settings.listIDs.reduce(0) { $0 + (sizes[$1]?[.confirmed] ?? 0) }
            let count: Int
            let start: Date
            if campaign.state == .scheduled {
                guard let sendAt = campaign.settings.sendAt, sendAt < now.addingTimeInterval(horizon) else { continue }
                (start, count) = (max(sendAt, now), listed)
            } else if campaign.snapshotTaken {
                (start, count) = (now, try await store.campaignProgress(campaign: campaign.id).ledger[.pending] ?? 0)
            } else {
                (start, count) = (now, listed)
            }
            planned += CampaignVolumeForecast.hourly(
                start: start, count: count, perMinute: campaign.settings.throttlePerMinute,
                horizon: horizon - start.timeIntervalSince(now))
        }
        return planned
    }
}
