import Foundation
import SteadymailDomain

/// The storage contract for open and click tracking, a part of `QueueStore`: the stored link targets of a campaign
/// and the recorded opens and clicks (tables `campaign_links`, `engagement`, `engagement_hours`).
///
/// It exists so that the redirector reads click targets only from storage (never from the request) and so that
/// opens and clicks count once per subscriber as well as in total.
public protocol EngagementStore: Sendable {
    /// The id of `url` among `campaign`'s links, stored on first use (the same url keeps its id).
    func campaignLinkID(campaign: Int64, url: String) async throws -> Int64

    /// The stored link `id`, or nil when there is none.
    func campaignLink(id: Int64) async throws -> CampaignLink?

    /// Records opens and clicks in one transaction: each adds one to its total; the first of its kind for a
    /// subscriber in a campaign also counts as unique (in the hour it happened).
    func recordEngagement(_ hits: [EngagementHit]) async throws

    /// A campaign's opens and clicks, total and unique.
    func engagementSummary(campaign: Int64) async throws -> EngagementSummary

    /// A campaign's opens and clicks per hour, oldest first.
    func engagementHours(campaign: Int64) async throws -> [EngagementHour]
}
