import Foundation
import SteadymailDomain
import Testing

@Suite struct MaintenanceOccurrenceTests {
    /// An instant written in UTC, `2025-03-30T01:30:00Z`.
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)!
    }

    static func weekly(
        _ weekday: Int, _ hour: Int, _ minute: Int, _ zone: String = "Europe/Berlin", hours: Int = 2
    ) -> MaintenanceWindow {
        MaintenanceWindow(
            target: .relay("primary"),
            schedule: .weekly(
                weekday: weekday, hour: hour, minute: minute, timeZone: zone, duration: .seconds(hours * 3600)),
            reason: "patching")
    }

    @Test func aOneOffWindowOverlapsItsRange() {
        let window = MaintenanceWindow(
            target: .node,
            schedule: .once(start: Self.utc("2025-06-01T10:00:00Z"), end: Self.utc("2025-06-01T12:00:00Z")),
            reason: "move")
        #expect(
            window.occurrences(from: Self.utc("2025-06-01T11:00:00Z"), to: Self.utc("2025-06-02T00:00:00Z"))
                == [DateInterval(start: Self.utc("2025-06-01T10:00:00Z"), end: Self.utc("2025-06-01T12:00:00Z"))])
        #expect(
            window.occurrences(from: Self.utc("2025-06-01T12:00:00Z"), to: Self.utc("2025-06-03T00:00:00Z")).isEmpty)
        #expect(window.occurrence(at: Self.utc("2025-06-01T09:59:59Z")) == nil)
        #expect(window.occurrence(at: Self.utc("2025-06-01T10:00:00Z")) != nil)
    }

    @Test func aSundayWindowStaysAtTwoLocalAcrossTheSpringChange() {
        // Europe/Berlin switches to summer time on Sunday 2025-03-30 at 02:00 CET (01:00 UTC).
        let starts = Self.weekly(1, 2, 0).occurrences(
            from: Self.utc("2025-03-20T00:00:00Z"), to: Self.utc("2025-04-10T00:00:00Z")
        ).map(\.start)
        #expect(
            starts == [
                Self.utc("2025-03-23T01:00:00Z"),  // 02:00 CET
                // 02:00 does not exist on the 30th: the clock set forward shows 03:00 CEST, 01:00 UTC.
                Self.utc("2025-03-30T01:00:00Z"),
                Self.utc("2025-04-06T00:00:00Z"),  // 02:00 CEST
            ])
    }

    @Test func aStartInTheSkippedHourMovesForwardByTheGap() {
        let occurrence = Self.weekly(1, 2, 30).occurrences(
            from: Self.utc("2025-03-29T00:00:00Z"), to: Self.utc("2025-03-31T00:00:00Z"))
        // 02:30 read with the winter offset: 01:30 UTC, which the clocks show as 03:30 CEST.
        #expect(occurrence.map(\.start) == [Self.utc("2025-03-30T01:30:00Z")])
        #expect(occurrence.first?.duration == 7200)
    }

    @Test func aSundayWindowStaysAtTwoLocalAcrossTheAutumnChange() {
        // Europe/Berlin returns to winter time on Sunday 2025-10-26 at 03:00 CEST (01:00 UTC); 02:00-03:00 repeats.
        let starts = Self.weekly(1, 1, 0).occurrences(
            from: Self.utc("2025-10-18T00:00:00Z"), to: Self.utc("2025-11-03T00:00:00Z")
        ).map(\.start)
        #expect(
            starts == [
                Self.utc("2025-10-18T23:00:00Z"),  // 01:00 CEST on the 19th
                Self.utc("2025-10-25T23:00:00Z"),  // 01:00 CEST on the 26th, before the change
                Self.utc("2025-11-02T00:00:00Z"),  // 01:00 CET
            ])
    }

    @Test func aStartInTheRepeatedHourTakesTheFirstOne() {
        let occurrence = Self.weekly(1, 2, 30).occurrences(
            from: Self.utc("2025-10-25T00:00:00Z"), to: Self.utc("2025-10-27T00:00:00Z"))
        // 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET): the first one.
        #expect(occurrence.map(\.start) == [Self.utc("2025-10-26T00:30:00Z")])
        // The duration is elapsed time: two hours, not "until 04:30 local".
        #expect(occurrence.first?.end == Self.utc("2025-10-26T02:30:00Z"))
    }

    @Test func aRunningWeeklyOccurrenceIsFoundAndTheNextOneFollows() {
        let window = Self.weekly(1, 2, 0, "UTC", hours: 3)
        let sunday = Self.utc("2025-06-01T03:00:00Z")
        #expect(window.occurrence(at: sunday)?.start == Self.utc("2025-06-01T02:00:00Z"))
        #expect(window.nextOccurrence(after: sunday)?.start == Self.utc("2025-06-01T02:00:00Z"))
        #expect(
            window.nextOccurrence(after: Self.utc("2025-06-01T05:00:00Z"))?.start == Self.utc("2025-06-08T02:00:00Z"))
        #expect(window.occurrence(at: Self.utc("2025-06-01T05:00:00Z")) == nil)
    }

    @Test func aWindowInAnotherZoneUsesThatZonesWeekday() {
        // Monday 01:00 in Tokyo is Sunday 16:00 UTC.
        let window = Self.weekly(2, 1, 0, "Asia/Tokyo", hours: 1)
        #expect(
            window.nextOccurrence(after: Self.utc("2025-06-01T00:00:00Z"))?.start == Self.utc("2025-06-01T16:00:00Z"))
    }
}
