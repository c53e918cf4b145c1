import Foundation

/// Where the status page gets what it shows.
///
/// It exists so that the page and `/status.json` do not depend on how uptime, incidents or maintenance are kept:
/// `LiveStatusSource` builds a snapshot from the running relays, monitors and the queue store; another source (a
/// fixture in tests, or one reading the SLA and maintenance services) can replace it without touching the rendering.
public protocol StatusSource: Sendable {
    func snapshot(now: Date) async throws -> StatusSnapshot
}

/// Daily uptime bars for the status page: one seam of `LiveStatusSource`.
///
/// `ProbeDailyUptime` counts good and failed probe runs per UTC day; an implementation over the SLA's uptime function
/// (time-weighted, maintenance excluded) can take its place.
public protocol StatusUptimeSource: Sendable {
    /// One bar per UTC day of `days` (each the start of a day, oldest first), for the probes of `monitors` together.
    func dailyUptime(monitors: [String], days: [Date], now: Date) async throws -> [StatusUptimeBar]
}

/// Planned maintenance for the status page: the other seam of `LiveStatusSource`.
///
/// `NoScheduledMaintenance` knows of none; an implementation over the maintenance windows' occurrences can take its
/// place, and the page shows them as they come.
public protocol StatusMaintenanceSource: Sendable {
    /// Maintenance that ends after `from` and starts before `to`, soonest first.
    func upcoming(from: Date, to: Date) async throws -> [StatusMaintenance]
}

/// The maintenance source until maintenance windows are kept: nothing planned.
public struct NoScheduledMaintenance: StatusMaintenanceSource {
    public init() {}

    public func upcoming(from: Date, to: Date) async throws -> [StatusMaintenance] { [] }
}
