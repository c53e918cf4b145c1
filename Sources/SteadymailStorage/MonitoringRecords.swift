import Foundation
import SteadymailDomain

/// One probe result to store, with the name of its monitor (`QueueStore.recordProbeResults`).
public typealias MonitorResultRecord = MonitorResult

/// What one `QueueStore.compactProbeResults` pass did, for the log.
public struct CompactionSummary: Sendable, Equatable {
    /// Single results folded into minute rollups and deleted.
    public var resultsFolded: Int
    /// Minute rollups folded into hour rollups and deleted.
    public var minutesFolded: Int
    /// Hour rollups deleted because they passed `monitoring.hour_retention`.
    public var hoursDeleted: Int

    public init(resultsFolded: Int = 0, minutesFolded: Int = 0, hoursDeleted: Int = 0) {
        self.resultsFolded = resultsFolded
        self.minutesFolded = minutesFolded
        self.hoursDeleted = hoursDeleted
    }
}

/// An incident as stored: the outage one monitor saw, its history and what it cost the mail.
///
/// It exists so that incidents outlive the process (open ones are picked up again at start-up) and so that the CLI
/// and the API list them with their impact long after the events they were computed from are gone.
public struct IncidentRecord: Sendable, Equatable, Codable {
    public var id: Int64
    public var monitor: String
    /// The relay the incident concerns; nil for the whole node.
    public var relay: String?
    public var openedAt: Date
    /// Nil while the incident is open.
    public var closedAt: Date?
    /// The probe's message when the monitor went down.
    public var cause: String
    /// Later lines, oldest first.
    public var updates: [IncidentUpdate]
    /// The impact last computed; nil until the first calculation.
    public var impact: IncidentImpact?
    /// What an operator wrote for the public status page; nil when none. Unlike `cause` and `updates` (probe text
    /// that may name hosts and quote replies), it is meant to be shown to anyone.
    public var publicNote: String?

    public init(
        id: Int64, monitor: String, relay: String?, openedAt: Date, closedAt: Date?, cause: String,
        updates: [IncidentUpdate] = [], impact: IncidentImpact? = nil, publicNote: String? = nil
    ) {
        self.publicNote = publicNote
        self.id = id
        self.monitor = monitor
        self.relay = relay
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.cause = cause
        self.updates = updates
        self.impact = impact
    }

    /// Seconds from opening to closing; to `now` while open.
    public func duration(now: Date) -> TimeInterval {
        (closedAt ?? max(now, openedAt)).timeIntervalSince(openedAt)
    }
}
