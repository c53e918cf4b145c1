/// What `steadymail monitor show|add|remove` sends over the control socket.
public struct MonitorRequest: Codable, Sendable, Equatable {
    /// The monitor shown or removed.
    public var name: String?
    /// For `monitor`: how many results, newest first.
    public var limit: Int?
    /// For `monitor_add`: a JSON object with the keys of a `monitors:` entry of the configuration file.
    public var specification: String?

    public init(name: String? = nil, limit: Int? = nil, specification: String? = nil) {
        self.name = name
        self.limit = limit
        self.specification = specification
    }
}

/// What `steadymail incidents` and `steadymail incident ID` send over the control socket.
public struct IncidentQuery: Codable, Sendable, Equatable {
    public var id: Int64?
    public var openOnly: Bool
    public var limit: Int
    /// For `incident_note`: the new public note; nil removes it.
    public var note: String?

    public init(id: Int64? = nil, openOnly: Bool = false, limit: Int = 50, note: String? = nil) {
        self.id = id
        self.note = note
        self.openOnly = openOnly
        self.limit = limit
    }

    enum CodingKeys: String, CodingKey {
        case id, limit, note
        case openOnly = "open_only"
    }
}
