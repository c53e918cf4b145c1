import SteadymailDomain

/// The `monitoring:` and `monitors:` sections: what is watched, how often, and how long results are kept.
///
/// It exists so that the monitor runner receives every monitor resolved (defaults filled in, one automatic SMTP
/// monitor per relay added, names unique, relays named by monitors existing) and the result history's compaction
/// periods checked.
public struct MonitoringConfiguration: Sendable, Equatable {
    /// Every monitor from the file, then one `relay:<name>` SMTP monitor per relay when `relay_probes` is on (unless
    /// the file declares a monitor of that name itself).
    public var monitors: [MonitorDefinition]
    /// Whether every relay gets an automatic SMTP monitor.
    public var relayProbes: Bool
    /// Defaults applied to monitors that do not set their own.
    public var defaultInterval: Duration
    public var defaultTimeout: Duration
    public var defaultFailuresBeforeDown: Int
    /// Every single probe result is kept this long (48 h).
    public var rawRetention: Duration
    /// Per-minute summaries are kept this long (30 d).
    public var minuteRetention: Duration
    /// Per-hour summaries are kept this long (400 d), so a year of uptime stays answerable.
    public var hourRetention: Duration
    /// The local domain canary messages are sent to; mail for it comes back to this server and is consumed here.
    /// Nil when no canary monitor exists.
    public var canaryDomain: String?
    /// The window over which `relay-failures` monitors measure a relay's failure ratio (5 min).
    public var failureWindow: Duration
    /// How often results past their resolution's retention are folded into coarser summaries (1 h).
    public var compactionInterval: Duration

    public init(
        monitors: [MonitorDefinition] = [], relayProbes: Bool = true, defaultInterval: Duration = .seconds(30),
        defaultTimeout: Duration = .seconds(10), defaultFailuresBeforeDown: Int = 2,
        rawRetention: Duration = .seconds(48 * 3600), minuteRetention: Duration = .seconds(30 * 86_400),
        hourRetention: Duration = .seconds(400 * 86_400), canaryDomain: String? = nil,
        failureWindow: Duration = .seconds(300), compactionInterval: Duration = .seconds(3600)
    ) {
        self.monitors = monitors
        self.relayProbes = relayProbes
        self.defaultInterval = defaultInterval
        self.defaultTimeout = defaultTimeout
        self.defaultFailuresBeforeDown = defaultFailuresBeforeDown
        self.rawRetention = rawRetention
        self.minuteRetention = minuteRetention
        self.hourRetention = hourRetention
        self.canaryDomain = canaryDomain
        self.failureWindow = failureWindow
        self.compactionInterval = compactionInterval
    }
}
