import Foundation
import SteadymailDomain
import SteadymailStorage

/// One incident as `steadymail incident ID --json` and `GET /v1/incidents/{id}` show it.
public struct IncidentView: Codable, Sendable, Equatable {
    public var id: Int64
    public var monitor: String
    public var relay: String?
    /// `open` or `closed`.
    public var state: String
    public var openedAt: String
    public var closedAt: String?
    /// Until it closed, or until now while it is open.
    public var durationSeconds: Double
    public var cause: String
    public var updates: [UpdateView]
    public var impact: ImpactView
    /// What the public status page shows for this incident; null when the operator wrote nothing.
    public var publicNote: String?

    public struct UpdateView: Codable, Sendable, Equatable {
        public var at: String
        public var message: String
    }

    /// `impact` is the stored impact of a closed incident, or the impact until now of an open one.
    public init(_ record: IncidentRecord, impact: IncidentImpact, now: Date) {
        id = record.id
        monitor = record.monitor
        relay = record.relay
        state = record.closedAt == nil ? "open" : "closed"
        openedAt = InternetDate.rfc3339(record.openedAt)
        closedAt = record.closedAt.map(InternetDate.rfc3339)
        durationSeconds = (record.duration(now: now) * 1000).rounded() / 1000
        cause = record.cause
        updates = record.updates.map { UpdateView(at: InternetDate.rfc3339($0.at), message: $0.message) }
        self.impact = ImpactView(impact)
        publicNote = record.publicNote
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(monitor, forKey: .monitor)
        try container.encode(relay, forKey: .relay)
        try container.encode(state, forKey: .state)
        try container.encode(openedAt, forKey: .openedAt)
        try container.encode(closedAt, forKey: .closedAt)
        try container.encode(durationSeconds, forKey: .durationSeconds)
        try container.encode(cause, forKey: .cause)
        try container.encode(updates, forKey: .updates)
        try container.encode(impact, forKey: .impact)
        try container.encode(publicNote, forKey: .publicNote)
    }

    enum CodingKeys: String, CodingKey {
        case id, monitor, relay, state, cause, updates, impact
        case publicNote = "public_note"
        case openedAt = "opened_at"
        case closedAt = "closed_at"
        case durationSeconds = "duration_seconds"
    }
}

/// What an incident cost the mail, as the CLI and the API show it.
public struct ImpactView: Codable, Sendable, Equatable {
    public var affected: Int
    public var failedOver: Int
    public var deferred: Int
    public var delivered: Int
    public var stillWaiting: Int
    public var expired: Int
    public var delaySeconds: DelayFigures?
    public var priorities: [PriorityCount]
    public var tags: [TagCount]

    public struct PriorityCount: Codable, Sendable, Equatable {
        public var priority: String
        public var recipients: Int
    }

    public struct TagCount: Codable, Sendable, Equatable {
        public var tag: String
        public var recipients: Int
    }

    public init(_ impact: IncidentImpact) {
        affected = impact.affected
        failedOver = impact.failedOver
        deferred = impact.deferred
        delivered = impact.delivered
        stillWaiting = impact.stillWaiting
        expired = impact.expired
        delaySeconds = impact.extraDelay
        priorities = impact.priorities.map { PriorityCount(priority: $0.name, recipients: $0.count) }
        tags = impact.tags.map { TagCount(tag: $0.name, recipients: $0.count) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(affected, forKey: .affected)
        try container.encode(failedOver, forKey: .failedOver)
        try container.encode(deferred, forKey: .deferred)
        try container.encode(delivered, forKey: .delivered)
        try container.encode(stillWaiting, forKey: .stillWaiting)
        try container.encode(expired, forKey: .expired)
        try container.encode(delaySeconds, forKey: .delaySeconds)
        try container.encode(priorities, forKey: .priorities)
        try container.encode(tags, forKey: .tags)
    }

    enum CodingKeys: String, CodingKey {
        case affected, deferred, delivered, expired, priorities, tags
        case failedOver = "failed_over"
        case stillWaiting = "still_waiting"
        case delaySeconds = "delay_seconds"
    }
}
