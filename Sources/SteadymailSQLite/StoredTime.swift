import Foundation

/// Converts between `Date` and the integer milliseconds since 1970 that every time column holds.
enum StoredTime {
    static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func nullableMillis(_ date: Date?) -> Int64? {
        date.map { millis($0) }
    }

    static func date(_ millis: Int64) -> Date {
        Date(timeIntervalSince1970: Double(millis) / 1000)
    }

    /// A duration in whole milliseconds, saturating instead of overflowing.
    static func millis(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        let (total, carry) = whole.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        guard !overflow, !carry else { return seconds < 0 ? .min : .max }
        return total
    }

    static func nullableDate(_ millis: Int64?) -> Date? {
        millis.map { date($0) }
    }
}
