import Foundation

/// The daily hours in which a campaign may enqueue mail, as local wall times in a named time zone: `08:00-20:00
/// Europe/Berlin`, or `22:00-06:00` across midnight.
///
/// It exists so that a campaign does not land in inboxes at three in the morning, in summer and in winter alike: the
/// window follows the zone's clocks, so across a daylight-saving change it stays 08:00 to 20:00 local time (and a day
/// is an hour longer or shorter). Where the opening time does not exist (the hour the clocks skip) the window opens
/// when the clocks resume; where it exists twice, at the first.
public struct SendWindow: Sendable, Equatable, Codable {
    /// Minutes after local midnight, 0..<1440.
    public var startMinute: Int
    /// Minutes after local midnight, 0..<1440; before `startMinute` for a window across midnight.
    public var endMinute: Int
    /// An IANA zone name such as `Europe/Berlin`.
    public var timeZone: String

    public init(startMinute: Int, endMinute: Int, timeZone: String) {
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.timeZone = timeZone
    }

    /// Parses `HH:MM-HH:MM` in `timeZone`; throws naming what is wrong.
    public init(parsing text: String, timeZone: String) throws(SendWindowError) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Self.minute(parts[0]), let end = Self.minute(parts[1]) else {
            throw SendWindowError("window must be HH:MM-HH:MM, got \"\(text)\"")
        }
        guard start != end else { throw SendWindowError("window \"\(text)\" opens and closes at the same minute") }
        guard TimeZone(identifier: timeZone) != nil else { throw SendWindowError("unknown time zone \"\(timeZone)\"") }
        self.init(startMinute: start, endMinute: end, timeZone: timeZone)
    }

    /// The window as written: `08:00-20:00`.
    public var spelling: String { "\(Self.spell(startMinute))-\(Self.spell(endMinute))" }

    /// Whether mail may be enqueued at `time`.
    public func isOpen(at time: Date) -> Bool {
        guard let zone = TimeZone(identifier: timeZone) else { return false }
        let minute = Self.localMinute(of: time, zone: zone)
        if startMinute < endMinute { return startMinute <= minute && minute < endMinute }
        return minute >= startMinute || minute < endMinute
    }

    /// `time` when the window is open then, else the next instant it opens; nil for an unknown zone.
    public func nextOpening(after time: Date) -> Date? {
        guard let zone = TimeZone(identifier: timeZone) else { return nil }
        if isOpen(at: time) { return time }
        let local = time.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: time))
        let dayStart = (local / Self.day).rounded(.down) * Self.day
        for dayOffset in 0...2 {
            let wall = dayStart + Double(dayOffset) * Self.day + Double(startMinute * 60)
            let opening = Self.instant(ofWall: wall, zone: zone)
            if opening > time { return opening }
        }
        return nil
    }

    static let day: TimeInterval = 86_400

    static func localMinute(of time: Date, zone: TimeZone) -> Int {
        let local = time.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: time))
        let seconds = local - (local / day).rounded(.down) * day
        return Int(seconds / 60)
    }

    /// The instant the zone's clocks show `wall` (seconds since 1970 read as if the zone were UTC): the first of two
    /// when the wall time repeats, and when it is skipped the moment the clocks resume.
    static func instant(ofWall wall: TimeInterval, zone: TimeZone) -> Date {
        let before = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - day))
        let after = zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + day))
        let matches = Set([before, after]).compactMap { offset -> Date? in
            let candidate = Date(timeIntervalSince1970: wall - Double(offset))
            return zone.secondsFromGMT(for: candidate) == offset ? candidate : nil
        }
        if let first = matches.min() { return first }
        // Skipped: the window opens when the clocks resume, at the change itself (where `isOpen` turns true).
        let earliest = Date(timeIntervalSince1970: wall - Double(max(before, after)))
        return zone.nextDaylightSavingTimeTransition(after: earliest)
            ?? Date(timeIntervalSince1970: wall - Double(before))
    }

    private static func minute(_ text: Substring) -> Int? {
        let pieces = text.trimmingCharacters(in: .whitespaces).split(separator: ":")
        guard pieces.count == 2, pieces[0].count == 2, pieces[1].count == 2, let hour = Int(pieces[0]),
            let minute = Int(pieces[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    private static func spell(_ minute: Int) -> String {
        let hour = minute / 60
        let rest = minute % 60
        return (hour < 10 ? "0" : "") + "\(hour):" + (rest < 10 ? "0" : "") + "\(rest)"
    }
}

/// A send window that cannot be used, with what is wrong.
public struct SendWindowError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
