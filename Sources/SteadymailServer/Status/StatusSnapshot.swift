import Foundation

/// Everything the public status page shows at one moment, and the document `GET /status.json` returns
/// (docs/status.schema.json).
///
/// It exists so that the HTML page and the JSON are two renderings of one value, and so that what reaches the public
/// is decided in one place: names, states, uptime, times and operator-written notes, never hosts, credentials or
/// probe and SMTP reply text.
public struct StatusSnapshot: Sendable, Equatable, Encodable {
    public var title: String
    public var generatedAt: Date
    /// The worst news in one word (`StatusState.overall`).
    public var overall: StatusState
    public var relays: [StatusRelay]
    public var monitors: [StatusMonitor]
    /// Open incidents and those closed in the last `StatusSnapshot.recentIncidentWindow`, newest first.
    public var incidents: [StatusIncident]
    /// Maintenance starting within `StatusSnapshot.maintenanceHorizon`, soonest first.
    public var maintenance: [StatusMaintenance]

    /// How long a closed incident stays on the page.
    public static let recentIncidentWindow: TimeInterval = 7 * 86_400
    /// How far ahead planned maintenance is shown.
    public static let maintenanceHorizon: TimeInterval = 14 * 86_400
    /// How many daily uptime bars each relay and monitor has.
    public static let uptimeDays = 90

    public init(
        title: String, generatedAt: Date, relays: [StatusRelay], monitors: [StatusMonitor],
        incidents: [StatusIncident], maintenance: [StatusMaintenance]
    ) {
        self.title = title
        self.generatedAt = generatedAt
        self.overall = StatusState.overall(relays: relays.map(\.state), monitors: monitors.map(\.state))
        self.relays = relays
        self.monitors = monitors
        self.incidents = incidents
        self.maintenance = maintenance
    }
}

/// One relay on the status page.
public struct StatusRelay: Sendable, Equatable, Encodable {
    public var name: String
    public var state: StatusState
    /// One bar per day, oldest first, ending today (UTC).
    public var uptime: [StatusUptimeBar]

    public init(name: String, state: StatusState, uptime: [StatusUptimeBar]) {
        self.name = name
        self.state = state
        self.uptime = uptime
    }
}

/// One monitor on the status page.
public struct StatusMonitor: Sendable, Equatable, Encodable {
    public var name: String
    /// The monitor kind (`smtp`, `tcp`, `http`, ...).
    public var type: String
    public var state: StatusState
    /// One bar per day, oldest first, ending today (UTC).
    public var uptime: [StatusUptimeBar]

    public init(name: String, type: String, state: StatusState, uptime: [StatusUptimeBar]) {
        self.name = name
        self.type = type
        self.state = state
        self.uptime = uptime
    }
}

/// One day's bar: the share of good checks that day, or null when there was none.
public struct StatusUptimeBar: Sendable, Equatable, Encodable {
    /// The UTC day, `YYYY-MM-DD`.
    public var date: String
    /// 0 to 100, two decimals; nil when nothing was measured that day.
    public var uptimePercent: Double?
    /// Minutes of declared maintenance that day (not counted as downtime).
    public var maintenanceMinutes: Int

    public init(date: String, uptimePercent: Double?, maintenanceMinutes: Int) {
        self.date = date
        self.uptimePercent = uptimePercent
        self.maintenanceMinutes = maintenanceMinutes
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(date, forKey: .date)
        try container.encode(uptimePercent, forKey: .uptimePercent)
        try container.encode(maintenanceMinutes, forKey: .maintenanceMinutes)
    }

    enum CodingKeys: String, CodingKey {
        case date
        case uptimePercent = "uptime_percent"
        case maintenanceMinutes = "maintenance_minutes"
    }
}

/// One incident as the public sees it: what was affected, when, and what the operator chose to say.
public struct StatusIncident: Sendable, Equatable, Encodable {
    public var id: Int64
    public var monitor: String
    public var relay: String?
    public var startedAt: Date
    /// Nil while the incident is open.
    public var endedAt: Date?
    /// The operator's public note; nil when none.
    public var publicNote: String?
    /// Lines written for the public, oldest first.
    public var updates: [StatusUpdate]

    public init(
        id: Int64, monitor: String, relay: String?, startedAt: Date, endedAt: Date?, publicNote: String?,
        updates: [StatusUpdate]
    ) {
        self.id = id
        self.monitor = monitor
        self.relay = relay
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.publicNote = publicNote
        self.updates = updates
    }

    /// `open` or `resolved`.
    public var state: String { endedAt == nil ? "open" : "resolved" }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(monitor, forKey: .monitor)
        try container.encode(relay, forKey: .relay)
        try container.encode(state, forKey: .state)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(endedAt, forKey: .endedAt)
        try container.encode(publicNote, forKey: .publicNote)
        try container.encode(updates, forKey: .updates)
    }

    enum CodingKeys: String, CodingKey {
        case id, monitor, relay, state, updates
        case startedAt = "started_at"
        case endedAt = "ended_at"
        case publicNote = "public_note"
    }
}

/// One public line about an incident.
public struct StatusUpdate: Sendable, Equatable, Encodable {
    public var at: Date
    public var message: String

    public init(at: Date, message: String) {
        self.at = at
        self.message = message
    }
}

/// Planned work on a relay, a monitor or the whole node.
public struct StatusMaintenance: Sendable, Equatable, Encodable {
    /// `relay`, `monitor` or `node`.
    public var targetType: String
    /// The relay's or monitor's name; nil for the node.
    public var target: String?
    public var start: Date
    public var end: Date
    public var reason: String

    public init(targetType: String, target: String?, start: Date, end: Date, reason: String) {
        self.targetType = targetType
        self.target = target
        self.start = start
        self.end = end
        self.reason = reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(targetType, forKey: .targetType)
        try container.encode(target, forKey: .target)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(reason, forKey: .reason)
    }

    enum CodingKeys: String, CodingKey {
        case target, start, end, reason
        case targetType = "target_type"
    }
}
