/// One destination as `steadymail destinations --json` prints it.
public struct DestinationView: Codable, Sendable, Equatable {
    public var name: String
    public var domains: [String]
    /// The configured concurrency; nil when the destination has none of its own.
    public var concurrency: Int?
    /// The configured rate in messages per second; nil when unlimited.
    public var rate: Double?
    /// Transactions holding one of its slots now.
    public var inFlight: Int
    /// `steady`, or `throttled` while a throttling reply keeps it below its maxima.
    public var pace: String
    /// Simultaneous transactions the pace allows now.
    public var connectionLimit: Int
    /// Messages per second the pace allows now; nil means unlimited.
    public var rateLimit: Double?
    /// Throttling replies from its recipients' RCPTs.
    public var throttles: Int
    public var lastThrottle: String?

    /// Every key is always present; an unlimited value is `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(domains, forKey: .domains)
        try container.encode(concurrency, forKey: .concurrency)
        try container.encode(rate, forKey: .rate)
        try container.encode(inFlight, forKey: .inFlight)
        try container.encode(pace, forKey: .pace)
        try container.encode(connectionLimit, forKey: .connectionLimit)
        try container.encode(rateLimit, forKey: .rateLimit)
        try container.encode(throttles, forKey: .throttles)
        try container.encode(lastThrottle, forKey: .lastThrottle)
    }

    enum CodingKeys: String, CodingKey {
        case name, domains, concurrency, rate, pace, throttles
        case inFlight = "in_flight"
        case connectionLimit = "connection_limit"
        case rateLimit = "rate_limit"
        case lastThrottle = "last_throttle"
    }
}
