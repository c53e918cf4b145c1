/// A rule sending one kind of traffic to a named subset of relays.
///
/// It exists so that password resets and bulk campaigns need not share a provider, as Postfix's sender-dependent
/// relays and Postal's IP pools allow. A condition left nil matches anything.
public struct Route: Sendable, Equatable {
    public var name: String
    public var priority: Priority?
    /// Compared case-insensitively.
    public var senderDomain: String?
    /// The name of the API key that submitted the message.
    public var apiKey: String?
    /// The relays this traffic may use.
    public var relays: [String]

    public init(
        name: String, priority: Priority? = nil, senderDomain: String? = nil, apiKey: String? = nil, relays: [String]
    ) {
        self.name = name
        self.priority = priority
        self.senderDomain = senderDomain
        self.apiKey = apiKey
        self.relays = relays
    }

    public func matches(priority: Priority, senderDomain: String, apiKey: String?) -> Bool {
        if let expected = self.priority, expected != priority { return false }
        if let expected = self.senderDomain, expected.lowercased() != senderDomain.lowercased() { return false }
        if let expected = self.apiKey, expected != apiKey { return false }
        return true
    }
}
