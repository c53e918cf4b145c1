import Foundation

/// What `steadymail maintenance add|remove|suggest` sends over the control socket, and the body of
/// `POST /v1/maintenance`: one of `relay`, `monitor` or `node`, then either `start` and `end` (RFC 3339) or `weekly`
/// (`sun` ... `sat`), `at` (`HH:MM`), `tz` (an IANA zone) and `duration` (`2h`), and a `reason`.
public struct MaintenanceRequest: Codable, Sendable, Equatable {
    /// For `maintenance_remove`: the window.
    public var id: Int64?
    public var relay: String?
    public var monitor: String?
    public var node: Bool?
    public var start: String?
    public var end: String?
    public var weekly: String?
    public var at: String?
    public var tz: String?
    /// For a weekly window its length; for `maintenance_suggest` the length wanted.
    public var duration: String?
    public var reason: String?
    /// For `maintenance_suggest`: how many candidates.
    public var limit: Int?

    public init(
        id: Int64? = nil, relay: String? = nil, monitor: String? = nil, node: Bool? = nil, start: String? = nil,
        end: String? = nil, weekly: String? = nil, at: String? = nil, tz: String? = nil, duration: String? = nil,
        reason: String? = nil, limit: Int? = nil
    ) {
        self.id = id
        self.relay = relay
        self.monitor = monitor
        self.node = node
        self.start = start
        self.end = end
        self.weekly = weekly
        self.at = at
        self.tz = tz
        self.duration = duration
        self.reason = reason
        self.limit = limit
    }
}

/// One maintenance window as `steadymail maintenance list` and `GET /v1/maintenance` show it.
public struct MaintenanceWindowView: Codable, Sendable, Equatable {
    public var id: Int64
    /// `relay`, `monitor` or `node`.
    public var target: String
    /// The relay's or monitor's name; nil for the node.
    public var name: String?
    /// `once` or `weekly`.
    public var schedule: String
    public var start: String?
    public var end: String?
    /// For a weekly window: `sun` ... `sat`, the local time `HH:MM`, the time zone and the length.
    public var weekday: String?
    public var at: String?
    public var timeZone: String?
    public var durationSeconds: Double?
    public var reason: String
    /// The running occurrence or the next one; nil when a one-off window is over.
    public var nextStart: String?
    public var nextEnd: String?
    /// In the window now.
    public var active: Bool
    /// A relay window's relay takes no new transactions now (the window or its drain lead-in).
    public var draining: Bool

    enum CodingKeys: String, CodingKey {
        case id, target, name, schedule, start, end, weekday, at, reason, active, draining
        case timeZone = "time_zone"
        case durationSeconds = "duration_seconds"
        case nextStart = "next_start"
        case nextEnd = "next_end"
    }
}

/// One candidate of `steadymail maintenance suggest` and `GET /v1/maintenance/suggest`.
public struct MaintenanceCandidateView: Codable, Sendable, Equatable {
    public var start: String
    public var end: String
    /// Messages expected during the window.
    public var expectedVolume: Double
    /// Messages expected in its busiest hour.
    public var peakHourlyVolume: Double
    /// Messages per hour the other relays can send; nil when one of them has no rate limit.
    public var remainingCapacityPerHour: Double?
    public var othersCanCarry: Bool

    enum CodingKeys: String, CodingKey {
        case start, end
        case expectedVolume = "expected_volume"
        case peakHourlyVolume = "peak_hourly_volume"
        case remainingCapacityPerHour = "remaining_capacity_per_hour"
        case othersCanCarry = "others_can_carry"
    }
}
