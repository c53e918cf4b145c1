/// A recipient domain, or a named group of domains, with an optional concurrency and rate of its own.
///
/// It exists so that delivery receives each destination with its domains normalised (lowercased, no trailing dot),
/// no domain in two destinations, and its limits checked.
public struct DestinationConfiguration: Sendable, Equatable {
    /// Unique; a name containing a dot is one of its own domains.
    public var name: String
    /// At least one; `[name]` when the file lists none.
    public var domains: [String]
    /// Simultaneous transactions carrying its recipients on this node; nil for no limit of its own.
    public var concurrency: Int?
    /// Transactions (messages) per second; nil for unlimited.
    public var rate: Double?
}
