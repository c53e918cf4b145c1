/// The `reputation:` section: the reputation guard's rolling window and thresholds.
///
/// It exists so that the rates that pause a campaign (and raise an alert) are configuration, with defaults under the
/// limits mailbox providers enforce: Gmail and Yahoo cut off senders above 0.3% complaints, so the guard warns at
/// 0.1% and pauses at 0.2% of delivered; hard bounces pause above 5% of at least 200 attempts. Only recipient-level
/// outcomes count: a deferral, a relay-level failure or an expiry is never held against a campaign.
public struct ReputationConfiguration: Sendable, Equatable {
    /// The rolling window over which rates are measured.
    public var window: Duration
    /// How often the guard looks at the running campaigns and the relays.
    public var checkInterval: Duration
    /// The hard-bounce share of attempts (delivered plus bounced) above which a campaign pauses.
    public var hardBouncePause: Double
    /// The fewest attempts before the hard-bounce rate is judged.
    public var hardBounceMinAttempts: Int
    /// The complaint share of delivered at which a warning alert is raised.
    public var complaintWarn: Double
    /// The complaint share of delivered at which the campaign pauses.
    public var complaintPause: Double
    /// The fewest delivered messages before the complaint rate is judged.
    public var complaintMinDelivered: Int

    public init(
        window: Duration = .seconds(86_400), checkInterval: Duration = .seconds(30), hardBouncePause: Double = 0.05,
        hardBounceMinAttempts: Int = 200, complaintWarn: Double = 0.001, complaintPause: Double = 0.002,
        complaintMinDelivered: Int = 1000
    ) {
        self.window = window
        self.checkInterval = checkInterval
        self.hardBouncePause = hardBouncePause
        self.hardBounceMinAttempts = hardBounceMinAttempts
        self.complaintWarn = complaintWarn
        self.complaintPause = complaintPause
        self.complaintMinDelivered = complaintMinDelivered
    }
}
