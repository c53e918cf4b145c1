/// A recipient domain, or a named group of domains hosted by one provider, delivered to as one destination with an
/// optional concurrency and rate.
///
/// It exists because providers limit senders per provider, not per relay: all Microsoft-hosted domains share one
/// budget, and a throttle from one of them should slow them all.
public struct Destination: Sendable, Equatable {
    /// Unique; shown by `steadymail destinations`.
    public var name: String
    /// Lowercased recipient domains, matched exactly.
    public var domains: [String]
    /// Simultaneous transactions carrying its recipients on this node; nil means no limit of its own.
    public var concurrency: Int?
    /// Transactions per second; nil means unlimited.
    public var rate: Double?

    public init(name: String, domains: [String], concurrency: Int? = nil, rate: Double? = nil) {
        self.name = name
        self.domains = domains
        self.concurrency = concurrency
        self.rate = rate
    }

    /// Whether it limits its traffic even while nothing throttles it.
    public var hasLimits: Bool { concurrency != nil || rate != nil }
}
