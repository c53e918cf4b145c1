import Foundation
import SteadymailDomain
import Testing

@Suite struct SendWindowTests {
    /// An instant from a UTC wall time.
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text + "Z")!
    }

    @Test func parsesAndSpellsTheWindow() throws {
        let window = try SendWindow(parsing: "08:00-20:30", timeZone: "Europe/Berlin")
        #expect(window.startMinute == 480 && window.endMinute == 1230)
        #expect(window.spelling == "08:00-20:30")
        for bad in ["8-20", "08:00", "25:00-26:00", "08:00-08:00", "08:0-20:00", "08:00-20:60"] {
            #expect(throws: SendWindowError.self) { try SendWindow(parsing: bad, timeZone: "UTC") }
        }
        #expect(throws: SendWindowError.self) { try SendWindow(parsing: "08:00-20:00", timeZone: "Mars/Olympus") }
    }

    @Test func opensAndClosesAtLocalTimes() throws {
        let window = try SendWindow(parsing: "08:00-20:00", timeZone: "Europe/Berlin")
        // Winter: Berlin is UTC+1.
        #expect(!window.isOpen(at: Self.utc("2026-01-15T06:59:00")))
        #expect(window.isOpen(at: Self.utc("2026-01-15T07:00:00")))
        #expect(window.isOpen(at: Self.utc("2026-01-15T18:59:00")))
        #expect(!window.isOpen(at: Self.utc("2026-01-15T19:00:00")))
        #expect(window.nextOpening(after: Self.utc("2026-01-15T19:00:00")) == Self.utc("2026-01-16T07:00:00"))
        #expect(window.nextOpening(after: Self.utc("2026-01-15T05:00:00")) == Self.utc("2026-01-15T07:00:00"))
        let open = Self.utc("2026-01-15T12:00:00")
        #expect(window.nextOpening(after: open) == open)
        // Summer: UTC+2, the same local hours.
        #expect(window.isOpen(at: Self.utc("2026-07-15T06:00:00")))
        #expect(!window.isOpen(at: Self.utc("2026-07-15T05:59:00")))
        #expect(!window.isOpen(at: Self.utc("2026-07-15T18:00:00")))
    }

    @Test func aWindowAcrossMidnight() throws {
        let window = try SendWindow(parsing: "22:00-06:00", timeZone: "UTC")
        #expect(window.isOpen(at: Self.utc("2026-03-01T23:30:00")))
        #expect(window.isOpen(at: Self.utc("2026-03-02T05:59:00")))
        #expect(!window.isOpen(at: Self.utc("2026-03-02T06:00:00")))
        #expect(!window.isOpen(at: Self.utc("2026-03-02T21:59:00")))
        #expect(window.nextOpening(after: Self.utc("2026-03-02T06:00:00")) == Self.utc("2026-03-02T22:00:00"))
    }

    @Test func followsTheClocksAcrossDaylightSavingChanges() throws {
        let window = try SendWindow(parsing: "08:00-20:00", timeZone: "Europe/Berlin")
        // Clocks go forward on 2026-03-29 at 01:00 UTC: the window opens at 07:00 UTC on the 28th, 06:00 UTC on the
        // 29th.
        #expect(window.nextOpening(after: Self.utc("2026-03-28T19:30:00")) == Self.utc("2026-03-29T06:00:00"))
        #expect(!window.isOpen(at: Self.utc("2026-03-29T05:59:00")))
        // And back on 2026-10-25 at 01:00 UTC.
        #expect(window.nextOpening(after: Self.utc("2026-10-24T19:30:00")) == Self.utc("2026-10-25T07:00:00"))
        #expect(window.isOpen(at: Self.utc("2026-10-25T18:59:00")))
        #expect(!window.isOpen(at: Self.utc("2026-10-25T19:00:00")))
    }

    @Test func anOpeningInTheSkippedHourIsWhenTheClocksResume() throws {
        let window = try SendWindow(parsing: "02:30-05:00", timeZone: "Europe/Berlin")
        // 02:00-03:00 local does not exist on 2026-03-29; the clocks resume at 03:00 CEST = 01:00 UTC.
        let opening = try #require(window.nextOpening(after: Self.utc("2026-03-28T23:00:00")))
        #expect(opening == Self.utc("2026-03-29T01:00:00"))
        #expect(window.isOpen(at: opening))
        #expect(!window.isOpen(at: opening.addingTimeInterval(-1)))
        // An opening in the repeated hour of autumn (02:30 exists twice on 2026-10-25) is the first one, in summer
        // time: 00:30 UTC.
        #expect(window.nextOpening(after: Self.utc("2026-10-24T22:00:00")) == Self.utc("2026-10-25T00:30:00"))
    }
}

@Suite struct CampaignTimeTests {
    @Test func wallTimesAreReadInTheCampaignsZone() throws {
        #expect(
            try CampaignTime.parse("2026-12-01 18:00", timeZone: "Europe/Berlin")
                == SendWindowTests.utc("2026-12-01T17:00:00"))
        #expect(
            try CampaignTime.parse("2026-07-01T18:00:30", timeZone: "Europe/Berlin")
                == SendWindowTests.utc("2026-07-01T16:00:30"))
        #expect(
            try CampaignTime.parse("2026-07-01T18:00:00Z", timeZone: "Europe/Berlin")
                == SendWindowTests.utc("2026-07-01T18:00:00"))
        #expect(
            try CampaignTime.parse("2026-07-01T18:00:00+02:00", timeZone: "UTC")
                == SendWindowTests.utc("2026-07-01T16:00:00"))
        // The skipped hour reads as the clocks resuming.
        #expect(
            try CampaignTime.parse("2026-03-29 02:30", timeZone: "Europe/Berlin")
                == SendWindowTests.utc("2026-03-29T01:00:00"))
    }

    @Test func badTimesAreRefused() {
        for bad in ["tomorrow", "2026-02-30 10:00", "2026-12-01", "2026-12-01 25:00", "01.12.2026 18:00"] {
            #expect(throws: CampaignTimeError.self) { try CampaignTime.parse(bad, timeZone: "UTC") }
        }
        #expect(throws: CampaignTimeError.self) { try CampaignTime.parse("2026-12-01 18:00", timeZone: "Nowhere/X") }
    }
}
