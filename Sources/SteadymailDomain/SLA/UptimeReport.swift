import Foundation

/// The reporting periods of uptime: 24 h, 7 d, 30 d and 90 d, each ending now.
public enum UptimePeriod: String, Sendable, Codable, CaseIterable {
    case day = "24h"
    case week = "7d"
    case month = "30d"
    case quarter = "90d"

    public var seconds: TimeInterval {
        switch self {
        case .day: 86400
        case .week: 7 * 86400
        case .month: 30 * 86400
        case .quarter: 90 * 86400
        }
    }

    /// The period ending at `now`.
    public func range(endingAt now: Date) -> DateInterval {
        DateInterval(start: now.addingTimeInterval(-seconds), end: now)
    }
}

/// One day of an uptime bar chart (days are UTC calendar days).
public struct UptimeDay: Sendable, Equatable {
    public var start: Date
    /// Nil when no probe result covers the day.
    public var uptimePercent: Double?
    /// The share of the day (up to now for today) inside declared maintenance, 0...1.
    public var maintenanceShare: Double

    public init(start: Date, uptimePercent: Double?, maintenanceShare: Double) {
        self.start = start
        self.uptimePercent = uptimePercent
        self.maintenanceShare = maintenanceShare
    }

    /// Whether the day has no data at all.
    public var noData: Bool { uptimePercent == nil }

    /// The bars of the last `days` UTC days, oldest first, today (up to `now`) last.
    public static func bars(_ slots: [UptimeSlot], days: Int, now: Date, maintenance: [DateInterval]) -> [UptimeDay] {
        let today = utcDayStart(of: now)
        return (0..<max(days, 0)).reversed().map { back in
            let start = today.addingTimeInterval(-Double(back) * 86400)
            let end = min(start.addingTimeInterval(86400), now)
            let range = DateInterval(start: start, end: max(end, start))
            let measure = UptimeMeasure.measure(slots, over: range, maintenance: maintenance)
            let share = range.duration > 0 ? measure.maintenanceSeconds / range.duration : 0
            return UptimeDay(start: start, uptimePercent: measure.uptimePercent, maintenanceShare: share)
        }
    }

    /// Midnight UTC of the day holding `date`.
    public static func utcDayStart(of date: Date) -> Date {
        let seconds = date.timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds / 86400).rounded(.down) * 86400)
    }
}
