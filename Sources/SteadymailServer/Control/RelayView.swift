/// One relay as `steadymail relays --json` prints it.
public struct RelayView: Codable, Sendable, Equatable {
    public var name: String
    public var state: String
    public var weight: Int
    public var priorityGroup: Int
    public var openConnections: Int
    /// `steady`, `ramping` (slow start after an outage or a pause) or `throttled` (cut by a throttling reply).
    public var pace: String
    /// Simultaneous transactions the pace allows now.
    public var connectionLimit: Int
    /// Messages per second the pace allows now; nil means unlimited.
    public var rateLimit: Double?
    /// Replies that said we send too fast.
    public var throttles: Int
    public var lastThrottle: String?
    public var sent: Int
    public var deferred: Int
    public var bounced: Int
    public var failures: Int
    /// How often the circuit changed state (closed, open, half-open) since start.
    public var stateChanges: Int
    public var lastError: String?
    public var lastChange: String?

    /// Every key is always present; a relay that never failed has `"last_error": null`, an unlimited rate
    /// `"rate_limit": null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(state, forKey: .state)
        try container.encode(weight, forKey: .weight)
        try container.encode(priorityGroup, forKey: .priorityGroup)
        try container.encode(openConnections, forKey: .openConnections)
        try container.encode(pace, forKey: .pace)
        try container.encode(connectionLimit, forKey: .connectionLimit)
        try container.encode(rateLimit, forKey: .rateLimit)
        try container.encode(throttles, forKey: .throttles)
        try container.encode(lastThrottle, forKey: .lastThrottle)
        try container.encode(sent, forKey: .sent)
        try container.encode(deferred, forKey: .deferred)
        try container.encode(bounced, forKey: .bounced)
        try container.encode(failures, forKey: .failures)
        try container.encode(stateChanges, forKey: .stateChanges)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(lastChange, forKey: .lastChange)
    }

    enum CodingKeys: String, CodingKey {
        case name, state, weight, sent, deferred, bounced, failures, pace, throttles
        case priorityGroup = "priority_group"
        case openConnections = "open_connections"
        case connectionLimit = "connection_limit"
        case rateLimit = "rate_limit"
        case lastThrottle = "last_throttle"
        case stateChanges = "state_changes"
        case lastError = "last_error"
        case lastChange = "last_change"
    }
}
