/// One relay as `steadymail relays --json` prints it.
public struct RelayView: Codable, Sendable, Equatable {
    public var name: String
    public var state: String
    public var weight: Int
    public var priorityGroup: Int
    public var openConnections: Int
    public var sent: Int
    public var deferred: Int
    public var bounced: Int
    public var failures: Int
    /// How often the circuit changed state (closed, open, half-open) since start.
    public var stateChanges: Int
    public var lastError: String?
    public var lastChange: String?

    /// Every key is always present; a relay that never failed has `"last_error": null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(state, forKey: .state)
        try container.encode(weight, forKey: .weight)
        try container.encode(priorityGroup, forKey: .priorityGroup)
        try container.encode(openConnections, forKey: .openConnections)
        try container.encode(sent, forKey: .sent)
        try container.encode(deferred, forKey: .deferred)
        try container.encode(bounced, forKey: .bounced)
        try container.encode(failures, forKey: .failures)
        try container.encode(stateChanges, forKey: .stateChanges)
        try container.encode(lastError, forKey: .lastError)
        try container.encode(lastChange, forKey: .lastChange)
    }

    enum CodingKeys: String, CodingKey {
        case name, state, weight, sent, deferred, bounced, failures
        case priorityGroup = "priority_group"
        case openConnections = "open_connections"
        case stateChanges = "state_changes"
        case lastError = "last_error"
        case lastChange = "last_change"
    }
}
