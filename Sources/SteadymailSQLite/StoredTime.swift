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

    static func nullableDate(_ millis: Int64?) -> Date? {
        millis.map { date($0) }
    }
}
