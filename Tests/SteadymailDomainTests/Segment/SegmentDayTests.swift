import Testing

@testable import SteadymailDomain

@Suite struct SegmentDayTests {
    @Test func countsDaysSince1970() {
        #expect(SegmentDay.daysSince1970("1970-01-01") == 0)
        #expect(SegmentDay.daysSince1970("1969-12-31") == -1)
        #expect(SegmentDay.daysSince1970("2000-03-01") == 11_017)
        #expect(SegmentDay.daysSince1970("2026-11-29") == 20_786)
        #expect(SegmentDay.startMilliseconds(daysSince1970: 20_786) == 1_795_910_400_000)
    }

    @Test func refusesDaysThatDoNotExist() {
        for text in [
            "2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "0000-01-01", "2026-1-01",
            "2026/01/01", "20260101", "２０２６-01-01", "2026-01-01T00:00", "",
        ] {
            #expect(SegmentDay.daysSince1970(text) == nil, "\(text)")
        }
        #expect(SegmentDay.daysSince1970("2000-02-29") != nil)
        #expect(SegmentDay.daysSince1970("2024-02-29") != nil)
    }
}
