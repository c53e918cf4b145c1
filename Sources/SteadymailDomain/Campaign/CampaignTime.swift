import Foundation

/// Reads the times an operator gives a campaign (`--at`, `--deadline`): a local wall time in the campaign's zone,
/// `2026-12-01 18:00` (or with seconds, or a `T`), or an absolute ISO 8601 time with `Z` or an offset.
///
/// It exists so that "send at 18:00" means 18:00 where the campaign's readers live, also on the days the clocks
/// change: a wall time that does not exist is read as the clocks resuming, one that exists twice as the first.
public enum CampaignTime {
    /// The instant `text` names in `timeZone`; throws naming what is wrong.
    public static func parse(_ text: String, timeZone: String) throws(CampaignTimeError) -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let zone = TimeZone(identifier: timeZone) else {
            throw CampaignTimeError("unknown time zone \"\(timeZone)\"")
        }
        if let absolute = absolute(trimmed) { return absolute }
        guard let wall = wallSeconds(trimmed) else {
            throw CampaignTimeError("time must be YYYY-MM-DD HH:MM[:SS] or ISO 8601, got \"\(text)\"")
        }
        return SendWindow.instant(ofWall: wall, zone: zone)
    }

    /// An ISO 8601 time with a zone designator.
    private static func absolute(_ text: String) -> Date? {
        guard text.hasSuffix("Z") || text.range(of: #"[+-]\d\d:?\d\d$"#, options: .regularExpression) != nil,
            text.count > 16
        else { return nil }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    /// `YYYY-MM-DD HH:MM[:SS]` as seconds since 1970 read as if the zone were UTC.
    private static func wallSeconds(_ text: String) -> TimeInterval? {
        let normalised = text.replacingOccurrences(of: "T", with: " ")
        let halves = normalised.split(separator: " ")
        guard halves.count == 2 else { return nil }
        let date = halves[0].split(separator: "-").map { Int($0) }
        let time = halves[1].split(separator: ":").map { Int($0) }
        guard date.count == 3, time.count == 2 || time.count == 3, let year = date[0], let month = date[1],
            let day = date[2], let hour = time[0], let minute = time[1], let second = time.count == 3 ? time[2] : 0,
            (1970...9999).contains(year), (1...12).contains(month), (1...31).contains(day), (0..<24).contains(hour),
            (0..<60).contains(minute), (0..<60).contains(second)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let instant = calendar.date(from: components),
            calendar.component(.day, from: instant) == day
        else { return nil }
        return instant.timeIntervalSince1970
    }
}

/// A campaign time that cannot be read, with what is wrong.
public struct CampaignTimeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
