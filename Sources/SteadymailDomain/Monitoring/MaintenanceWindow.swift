import Foundation

/// Planned work on a relay, a monitor's target or the whole node, during which traffic is drained away and monitors
/// open no incident and spend no error budget.
///
/// It exists so that storage, the maintenance service, uptime and SLA reports, the planner and the status page share
/// one description of a window: once (start and end) or every week (a weekday and a local time in a named time zone,
/// for a duration), so that "Sundays 02:00 Europe/Berlin for 2 hours" stays at 02:00 local time across daylight-saving
/// changes.
public struct MaintenanceWindow: Sendable, Equatable, Codable {
    /// Assigned by storage; nil before the window is stored.
    public var id: Int64?
    public var target: Target
    public var schedule: Schedule
    /// Why; shown on the status page.
    public var reason: String

    /// What the window covers.
    public enum Target: Sendable, Equatable, Codable {
        /// One relay: it is drained and its monitors are quiet.
        case relay(String)
        /// One monitor: it is quiet (its target's planned work).
        case monitor(String)
        /// The whole node: every relay and monitor.
        case node
    }

    /// When the window happens.
    public enum Schedule: Sendable, Equatable, Codable {
        /// Once, from `start` to `end`.
        case once(start: Date, end: Date)
        /// Every week on `weekday` (1 = Sunday ... 7 = Saturday, as `Calendar`) at `hour`:`minute` local time in the
        /// time zone named `timeZone` (an IANA name such as `Europe/Berlin`), for `duration`.
        case weekly(weekday: Int, hour: Int, minute: Int, timeZone: String, duration: Duration)
    }

    public init(id: Int64? = nil, target: Target, schedule: Schedule, reason: String) {
        self.id = id
        self.target = target
        self.schedule = schedule
        self.reason = reason
    }
}
