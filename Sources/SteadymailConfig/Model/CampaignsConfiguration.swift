/// How the campaign runner feeds campaigns into the queue.
///
/// It exists so that the runner's pace (how often it looks, how much it enqueues at once, and how many of a
/// campaign's messages may wait in the queue at a time, which is also what stops enqueuing during an outage) are
/// configuration keys, applied at once on reload.
public struct CampaignsConfiguration: Sendable, Equatable {
    /// How often the runner looks at the campaigns (and how soon a pause or cancel reaches the queue at the latest).
    public var tick: Duration
    /// The most subscribers enqueued for one campaign in one transaction.
    public var batch: Int
    /// The most messages of one campaign waiting in the queue (not final) at a time.
    public var lookahead: Int

    public init(tick: Duration, batch: Int, lookahead: Int) {
        self.tick = tick
        self.batch = batch
        self.lookahead = lookahead
    }

    public static let defaults = CampaignsConfiguration(tick: .seconds(1), batch: 500, lookahead: 2000)
}
