import Foundation

/// Decides which alerts reach the operator: the first of a condition at once, repeats at most every
/// `alerts.repeat_interval` while it lasts, and its end exactly once.
///
/// It exists so that a flapping probe or a condition seen on every check does not become a stream of identical
/// messages, while nothing that matters is lost. The rules, per deduplication key:
/// - `fire`: a key not announced is sent at once. While it is announced, a firing is sent again only when
///   `repeatInterval` has passed since the last sending, or when it is more severe than the last one sent (a
///   certificate warning that becomes critical); otherwise it only refreshes what a repeat will say.
/// - `due`: the repeats of lasting conditions whose interval has passed, for a caller that fires only on changes and
///   drives repeats with a timer (`nextDue` says when to look again). A condition fired again by its source and
///   repeated by the timer is still sent once per interval: both paths share the last sending time.
/// - `recover`: the recovery of an announced key is sent once and the key is cleared, so the next firing of it is
///   sent at once; a recovery of a key never announced is dropped (there was nothing to take back).
/// A returned alert carries `since`, when its condition began. Pure: time is passed in.
public struct AlertThrottle: Sendable {
    public var repeatInterval: Duration
    private var announced: [String: Announced] = [:]

    /// A condition the operator has been told about.
    private struct Announced: Sendable {
        /// The latest firing, sent or not: what a repeat says.
        var latest: Alert
        var since: Date
        var lastSent: Date
        var sentSeverity: AlertSeverity
    }

    public init(repeatInterval: Duration) {
        self.repeatInterval = repeatInterval
    }

    /// The keys announced and not yet recovered.
    public var activeKeys: Set<String> { Set(announced.keys) }

    /// The alert to send for a condition observed now, or nil when it is a repeat that is not due.
    /// A recovery kind given here is handled as `recover`.
    public mutating func fire(_ alert: Alert, now: Date) -> Alert? {
        if alert.isRecovery { return recover(alert, now: now) }
        guard var entry = announced[alert.key] else {
            announced[alert.key] = Announced(
                latest: alert, since: alert.time, lastSent: now, sentSeverity: alert.severity)
            return stamped(alert, since: alert.time)
        }
        entry.latest = alert
        let due = now.timeIntervalSince(entry.lastSent) >= repeatInterval.inSeconds
        guard due || alert.severity > entry.sentSeverity else {
            announced[alert.key] = entry
            return nil
        }
        entry.lastSent = now
        entry.sentSeverity = alert.severity
        announced[alert.key] = entry
        return stamped(alert, since: entry.since)
    }

    /// The recovery to send for the condition `alert.key` names, or nil when that condition was never announced.
    public mutating func recover(_ alert: Alert, now: Date) -> Alert? {
        guard let entry = announced.removeValue(forKey: alert.key) else { return nil }
        return stamped(alert, since: entry.since)
    }

    /// The repeats due at `now`, oldest condition first, each with `time` set to `now`; marks them sent.
    public mutating func due(now: Date) -> [Alert] {
        var repeats: [Alert] = []
        for (key, entry) in announced.sorted(by: { $0.value.since < $1.value.since })
        where now.timeIntervalSince(entry.lastSent) >= repeatInterval.inSeconds {
            var alert = stamped(entry.latest, since: entry.since)
            alert.time = now
            repeats.append(alert)
            announced[key]?.lastSent = now
            announced[key]?.sentSeverity = entry.latest.severity
        }
        return repeats
    }

    /// When the next repeat falls due; nil when no condition is announced.
    public var nextDue: Date? {
        announced.values.map { $0.lastSent.addingTimeInterval(repeatInterval.inSeconds) }.min()
    }

    private func stamped(_ alert: Alert, since: Date) -> Alert {
        var alert = alert
        alert.since = since
        return alert
    }
}
