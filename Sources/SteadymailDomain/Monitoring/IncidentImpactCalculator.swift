import Foundation

/// Computes an ``IncidentImpact`` from the events of the recipients an incident touched.
///
/// It exists so that the rules are written once, on plain values:
/// - A recipient *failed over* when it has an `in_flight` event noted "failed over" on the incident's relay (any relay
///   for a node-wide incident) within the window.
/// - A recipient was *deferred* by it when it has a `deferred` event on that relay within the window, or a `deferred`
///   or `queued` event noted "no relay available" / "no other relay available" within the window.
/// - Its *extra delay* runs from its first such event in the window to its first `delivered` event after that; a
///   recipient not yet final counts up to `now`; one that bounced or expired has no delay figure (an expiry is
///   reported on its own).
/// - It *expired* because of the incident when it is affected and has an `expired` event noted `deadline` within the
///   window.
/// - Priorities and tags count affected recipients, sorted by name.
public enum IncidentImpactCalculator {
    public static func impact(of events: [ImpactEvent], window: ImpactWindow, now: Date) -> IncidentImpact {
        var histories: [RecipientID: [ImpactEvent]] = [:]
        for event in events {
            histories[RecipientID(message: event.messageID, index: event.recipientIndex), default: []].append(event)
        }
        var impact = IncidentImpact()
        var delays: [Double] = []
        var priorities: [String: Int] = [:]
        var tags: [String: Int] = [:]
        for history in histories.values {
            let ordered = history.sorted { $0.time < $1.time }
            let failovers = ordered.filter { isFailover($0, window) }
            let deferrals = ordered.filter { isDeferral($0, window) }
            guard let firstAffected = (failovers + deferrals).map(\.time).min(), let sample = ordered.first else {
                continue
            }
            impact.affected += 1
            if !failovers.isEmpty { impact.failedOver += 1 }
            if !deferrals.isEmpty { impact.deferred += 1 }
            if ordered.contains(where: { $0.state == .expired && $0.note == "deadline" && window.contains($0.time) }) {
                impact.expired += 1
            }
            let final = ordered.first { $0.state.isFinal && $0.time >= firstAffected }
            if let final {
                if final.state == .delivered {
                    impact.delivered += 1
                    delays.append(max(0, final.time.timeIntervalSince(firstAffected)))
                }
            } else {
                impact.stillWaiting += 1
                delays.append(max(0, now.timeIntervalSince(firstAffected)))
            }
            priorities[sample.priority.rawValue, default: 0] += 1
            for tag in Set(sample.tags.map { $0.lowercased() }) { tags[tag, default: 0] += 1 }
        }
        impact.extraDelay = DelayFigures(delays)
        impact.priorities = counted(priorities)
        impact.tags = counted(tags)
        return impact
    }

    static func isFailover(_ event: ImpactEvent, _ window: ImpactWindow) -> Bool {
        event.state == .inFlight && event.note == ImpactNote.failedOver && onRelay(event, window)
            && window.contains(event.time)
    }

    static func isDeferral(_ event: ImpactEvent, _ window: ImpactWindow) -> Bool {
        guard window.contains(event.time) else { return false }
        if let note = event.note, ImpactNote.waiting.contains(note) {
            return event.state == .deferred || event.state == .queued
        }
        return event.state == .deferred && event.relay != nil && onRelay(event, window)
    }

    private static func onRelay(_ event: ImpactEvent, _ window: ImpactWindow) -> Bool {
        guard let relay = window.relay else { return true }
        return event.relay == relay
    }

    private static func counted(_ counts: [String: Int]) -> [LabelCount] {
        counts.map { LabelCount(name: $0.key, count: $0.value) }.sorted { $0.name < $1.name }
    }

    private struct RecipientID: Hashable {
        var message: QueueID
        var index: Int
    }
}
