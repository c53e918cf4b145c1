import Foundation

/// When a window happens, as instants.
///
/// A weekly window's start is a local wall time in its named time zone, so "Sunday 02:00 Europe/Berlin" stays at
/// 02:00 local time in summer and in winter; its duration is elapsed time. Where the local start does not exist (the
/// hour the clocks skip in spring) the window starts as a wall clock set forward would show it: 02:30 becomes 03:30
/// summer time, the same instant as 01:30 UTC. Where it exists twice (the hour repeated in autumn) it starts at the
/// first of the two, in summer time.
extension MaintenanceWindow {
    /// The occurrences that overlap `from..<to`, in order.
    public func occurrences(from: Date, to: Date) -> [DateInterval] {
        guard to > from else { return [] }
        switch schedule {
        case .once(let start, let end):
            guard end > start, start < to, end > from else { return [] }
            return [DateInterval(start: start, end: end)]
        case .weekly(let weekday, let hour, let minute, let zoneName, let duration):
            guard let zone = TimeZone(identifier: zoneName) else { return [] }
            let length = duration.elapsedSeconds
            guard length > 0 else { return [] }
            let rule = WeeklyStart(weekday: weekday, hour: hour, minute: minute, zone: zone)
            var result: [DateInterval] = []
            // Start a week early so that an occurrence begun before `from` and still running is included.
            var wall = rule.firstWall(onOrAfter: from.addingTimeInterval(-length - WeeklyStart.week), zone: zone)
            while true {
                let start = rule.instant(ofWall: wall)
                if start >= to { break }
                let end = start.addingTimeInterval(length)
                if end > from { result.append(DateInterval(start: start, end: end)) }
                wall += WeeklyStart.week
            }
            return result
        }
    }

    /// The occurrence running at `time`, if any.
    public func occurrence(at time: Date) -> DateInterval? {
        occurrences(from: time, to: time.addingTimeInterval(0.001)).first { $0.start <= time && time < $0.end }
    }

    /// The first occurrence that has not ended at `time` (the running one, or the next); nil when none is left.
    public func nextOccurrence(after time: Date) -> DateInterval? {
        occurrences(from: time, to: time.addingTimeInterval(WeeklyStart.week * 2)).first
    }
}

/// The local start rule of a weekly window: wall times are counted as seconds since 1970 as if the zone were UTC.
struct WeeklyStart {
    static let week: TimeInterval = 7 * 86_400
    static let day: TimeInterval = 86_400

    let weekday: Int
    let hour: Int
    let minute: Int
    let zone: TimeZone

    /// The first wall time of the rule's weekday and time whose day is on or after the local day of `time`.
    func firstWall(onOrAfter time: Date, zone: TimeZone) -> TimeInterval {
        let localNow = time.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: time))
        let dayStart = (localNow / Self.day).rounded(.down) * Self.day
        // 1970-01-01 was a Thursday: weekday 5 in Calendar's numbering (1 = Sunday).
        let dayWeekday = (Int(dayStart / Self.day) % 7 + 7 + 4) % 7 + 1
        let ahead = (weekday - dayWeekday + 7) % 7
        return dayStart + Double(ahead) * Self.day + Double(hour * 3600 + minute * 60)
    }

    /// The instant at which the zone's clocks show `wall`: the first of two when the wall time repeats, and the wall
    /// time read with the offset from before the change when it is skipped.
    func instant(ofWall wall: TimeInterval) -> Date {
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - Self.day))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + Self.day))
        let matches = Set([before, after]).compactMap { offset -> Date? in
            let candidate = Date(timeIntervalSince1970: wall - Double(offset))
            return zone.secondsFromGMT(for: candidate) == offset ? candidate : nil
        }
        if let first = matches.min() { return first }
        return Date(timeIntervalSince1970: wall - Double(before))
    }
}

extension Duration {
    /// The duration in seconds, as `TimeInterval`.
    var elapsedSeconds: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
