import SteadymailDomain

/// A rule sending one class of mail to a named subset of the relays, such as password resets to a dedicated provider.
///
/// It exists so that delivery can pick a route by matching a message against these fields in file order (the first
/// match wins; no match means all relays). Every field that is set must match; at least one is set.
public struct RouteConfiguration: Sendable, Equatable {
    /// Name used in logs.
    public var name: String
    /// Matches messages of this priority; any priority when nil.
    public var priority: Priority?
    /// Matches senders in this domain (lowercased); any sender when nil.
    public var senderDomain: String?
    /// Matches messages submitted with this API key name; any submitter when nil.
    public var apiKey: String?
    /// Names of configured relays this route may use, at least one.
    public var relays: [String]
}
