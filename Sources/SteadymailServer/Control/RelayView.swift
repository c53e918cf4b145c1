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
    public var lastError: String?
    public var lastChange: String?

    enum CodingKeys: String, CodingKey {
        case name, state, weight, sent, deferred, bounced, failures
        case priorityGroup = "priority_group"
        case openConnections = "open_connections"
        case lastError = "last_error"
        case lastChange = "last_change"
    }
}
