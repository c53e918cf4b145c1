/// Remembers which relays dropped or timed out one message during DATA.
///
/// It exists so that a message that kills every connection neither loops between relays forever nor opens their
/// breakers: once each available relay has tried it, the caller spends a normal attempt with backoff.
public struct PoisonTracker: Sendable, Equatable {
    public private(set) var relays: Set<String> = []

    public init() {}

    public mutating func record(relay: String) {
        relays.insert(relay)
    }

    /// True once the message was dropped by at least one relay and by every relay available now.
    public func exhausted(availableRelays: Set<String>) -> Bool {
        !relays.isEmpty && availableRelays.isSubset(of: relays)
    }
}
