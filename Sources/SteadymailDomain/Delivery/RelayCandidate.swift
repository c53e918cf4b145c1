/// One relay as the selector sees it at the moment of choosing.
///
/// It exists to separate the selection rule from where health, limits and configuration are kept.
public struct RelayCandidate: Sendable, Equatable {
    /// Why a relay may not take a transaction right now.
    public enum Availability: Sendable, Equatable {
        case available
        /// At its connection or rate limit: soon usable again; never a reason to use a lower-priority group.
        case busy
        /// Breaker open, paused or in maintenance: the next group may take over.
        case unavailable
    }

    public var name: String
    /// The relative share of transactions; weights below 1 count as 1.
    public var weight: Int
    /// 0 is primary; a higher group is used only while every relay of the lower groups is unavailable.
    public var priorityGroup: Int
    public var availability: Availability

    public init(name: String, weight: Int = 1, priorityGroup: Int = 0, availability: Availability = .available) {
        self.name = name
        self.weight = weight
        self.priorityGroup = priorityGroup
        self.availability = availability
    }
}
