import Foundation

/// One line of an incident's history after its opening: a change of cause, a note, its recovery.
public struct IncidentUpdate: Sendable, Equatable, Codable {
    public var at: Date
    public var message: String

    public init(at: Date, message: String) {
        self.at = at
        self.message = message
    }
}

/// One outage seen by one monitor: opened when the monitor went down, closed when it came back up.
///
/// It exists as the lifecycle rules in one value, apart from storage: an incident opens with its monitor, the relay it
/// concerns (nil for the whole node), its start and the probe's cause; gathers updates; and closes once, with an end
/// never before its start.
public struct Incident: Sendable, Equatable {
    public var monitor: String
    public var relay: String?
    public var openedAt: Date
    public var cause: String
    public var updates: [IncidentUpdate]
    public private(set) var closedAt: Date?

    public init(monitor: String, relay: String?, openedAt: Date, cause: String, updates: [IncidentUpdate] = []) {
        self.monitor = monitor
        self.relay = relay
        self.openedAt = openedAt
        self.cause = cause
        self.updates = updates
    }

    /// The incident a monitor's change to down opens.
    public static func opening(_ transition: MonitorTransition, monitor: String, relay: String?) -> Incident? {
        guard transition.to == .down else { return nil }
        return Incident(monitor: monitor, relay: relay, openedAt: transition.at, cause: transition.message)
    }

    public var isOpen: Bool { closedAt == nil }

    /// Adds a line to an open incident; a closed one is left alone (returns false).
    @discardableResult
    public mutating func update(at: Date, message: String) -> Bool {
        guard isOpen else { return false }
        updates.append(IncidentUpdate(at: max(at, openedAt), message: message))
        return true
    }

    /// Closes the incident at `at` (never before its opening); closing twice keeps the first end (returns false).
    @discardableResult
    public mutating func close(at: Date) -> Bool {
        guard isOpen else { return false }
        closedAt = max(at, openedAt)
        return true
    }

    /// How long it lasted; until `now` while it is open.
    public func duration(now: Date) -> TimeInterval {
        (closedAt ?? max(now, openedAt)).timeIntervalSince(openedAt)
    }

    /// The span whose queue events make up its impact: from the opening to the close, or to `now` while open.
    public func window(now: Date) -> ImpactWindow {
        ImpactWindow(relay: relay, start: openedAt, end: closedAt ?? max(now, openedAt))
    }
}
