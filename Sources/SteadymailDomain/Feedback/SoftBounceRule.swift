/// When soft bounces make a subscriber `bounced`: at `limit` (`feedback.soft_bounce_limit`) soft bounces in distinct
/// campaigns.
///
/// It exists because a full mailbox or a final 4.x.x passes with time: one campaign that met a bad day counts once
/// however often it bounced, and only a pattern across campaigns marks the subscriber. A soft bounce that names no
/// campaign (a provider webhook about mail we cannot place) counts as a campaign of its own. A soft-bounced subscriber
/// gets the status `bounced`, which stops every campaign, but no suppression entry: transactional mail still goes.
public struct SoftBounceRule: Sendable, Equatable {
    public var limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    /// Whether `distinctCampaigns` (soft bounces counted once per campaign, each one without a campaign on its own)
    /// reaches the limit.
    public func marksBounced(distinctCampaigns: Int) -> Bool {
        distinctCampaigns >= max(1, limit)
    }
}
