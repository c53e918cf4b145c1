import Foundation

/// The days of the status page's uptime bars: UTC days, labelled `YYYY-MM-DD`.
///
/// It exists so that every bar, whatever computed it, falls on the same day boundaries and carries the same label.
public enum StatusDays {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    /// The starts of the `count` UTC days ending with today's, oldest first.
    public static func ending(at now: Date, count: Int) -> [Date] {
        let today = calendar.startOfDay(for: now)
        return (0..<count).reversed().compactMap { calendar.date(byAdding: .day, value: -$0, to: today) }
    }

    /// `YYYY-MM-DD` of the UTC day that holds `date`.
    public static func label(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
