import Foundation
import SteadymailDomain

/// The storage contract for open and click tracking, a part of `QueueStore`: the stored link targets of a campaign
/// and the recorded opens and clicks (tables `campaign_links`, `engagement`, `engagement_hours`).
///
/// It exists so that the redirector reads click targets only from storage (never from the request) and so that
/// opens and clicks count once per subscriber as well as in total.
public protocol EngagementStore: Sendable {}
