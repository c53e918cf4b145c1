/// How delivery paces a relay that comes back after an outage, and how it reacts to replies that say it sends too fast.
///
/// It exists so that the slow start and the throttle reaction reach delivery as checked values: a positive interval,
/// at least one initial connection, rates greater than zero, and the lowercased throttle patterns.
public struct ShapingConfiguration: Sendable, Equatable {
    /// Clean time before the limits of a ramping or throttled relay or destination double; also how long a cut holds.
    public var rampInterval: Duration
    /// Connections a recovering relay starts with.
    public var rampInitialConnections: Int
    /// Messages per second a recovering relay starts with.
    public var rampInitialRate: Double
    /// Without a configured rate: the ceiling at which a ramp lifts the rate limit, and the rate a first cut halves.
    public var rampFullRate: Double
    /// Cuts never take a rate below this many messages per second.
    public var throttleMinRate: Double
    /// Lowercased fragments that make a 4xx reply a throttle; empty disables throttle detection.
    public var throttlePatterns: [String]
}
