import Foundation
import SteadymailDomain
import SteadymailStorage

/// Reads incidents with their impact on mail, for the CLI (with or without a running server) and the API.
///
/// It exists so that both show the same figures: a closed incident's impact as stored when it closed, an open one's
/// computed from the queue's events up to now.
public struct Incidents: Sendable {
    let store: any QueueStore

    public init(store: any QueueStore) {
        self.store = store
    }

    /// The most events one impact reads; an outage touching more recipients is summarised from the first ones.
    static let eventLimit = 200_000

    public func list(openOnly: Bool, limit: Int, now: Date = Date()) async throws -> [IncidentView] {
        var views: [IncidentView] = []
        for record in try await store.incidents(openOnly: openOnly, limit: limit) {
            views.append(IncidentView(record, impact: try await impact(of: record, now: now), now: now))
        }
        return views
    }

    public func incident(_ id: Int64, now: Date = Date()) async throws -> IncidentView? {
        guard let record = try await store.incident(id: id) else { return nil }
        return IncidentView(record, impact: try await impact(of: record, now: now), now: now)
    }

    /// Sets the public note of an incident after checking it (`PublicNote`), or removes it when `note` is nil; the
    /// incident as it is now, or nil when there is no such incident.
    public func setPublicNote(_ id: Int64, note: String?, now: Date = Date()) async throws -> IncidentView? {
        let checked = try note.map(PublicNote.check)
        guard try await store.incident(id: id) != nil else { return nil }
        do {
            try await store.setIncidentPublicNote(id: id, note: checked)
        } catch StorageError.conflict {
            return nil
        }
        return try await incident(id, now: now)
    }

    /// The stored impact of a closed incident, or the impact so far of an open one. A closed incident whose
    /// recipients were still waiting when it closed is measured again, so their delivery after the recovery counts.
    func impact(of record: IncidentRecord, now: Date) async throws -> IncidentImpact {
        if record.closedAt != nil, let stored = record.impact, stored.stillWaiting == 0 { return stored }
        return try await Self.compute(record, until: record.closedAt ?? now, store: store, now: now)
    }

    /// The impact from the moment the outage may have begun to `end`, from the queue's events. The target failed
    /// some time after its last good check, so the window opens at that check (the last result before the incident's
    /// first failed run): mail that failed over between the two counts. An incident with no relay is measured
    /// node-wide (recipients that waited because no relay was available, and expiries meanwhile).
    static func compute(_ record: IncidentRecord, until end: Date, store: any QueueStore, now: Date) async throws
        -> IncidentImpact
    {
        let before = try await store.probeResults(
            monitor: record.monitor, since: record.openedAt.addingTimeInterval(-lookBack),
            until: record.openedAt.addingTimeInterval(-0.001), limit: 1)
        let start = before.last?.at ?? record.openedAt
        let events = try await store.impactEvents(relay: record.relay, from: start, to: end, limit: eventLimit)
        return IncidentImpactCalculator.impact(
            of: events, window: ImpactWindow(relay: record.relay, start: start, end: end), now: now)
    }

    /// How far before an incident its last good check is looked for: longer than any sensible monitor interval.
    static let lookBack: TimeInterval = 86_400
}
