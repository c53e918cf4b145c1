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
/// `SLADailyUptime` measures it as the SLA does: time-weighted, the worst monitor deciding, declared maintenance set
/// apart.
public protocol StatusUptimeSource: Sendable {
    /// One bar per UTC day of `days` (each the start of a day, oldest first), for the probes of `monitors` together;
    /// `relay` is the relay they watch, whose maintenance (and the node's) is set apart.
    func dailyUptime(relay: String?, monitors: [String], days: [Date], now: Date) async throws -> [StatusUptimeBar]
}

/// Planned maintenance for the status page: the other seam of `LiveStatusSource`.
///
/// `StoredMaintenance` expands the stored maintenance windows into their occurrences.
public protocol StatusMaintenanceSource: Sendable {
    /// Maintenance that ends after `from` and starts before `to`, soonest first.
    func upcoming(from: Date, to: Date) async throws -> [StatusMaintenance]
}
