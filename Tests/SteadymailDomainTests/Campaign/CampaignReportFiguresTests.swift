import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct CampaignReportFiguresTests {
    /// The start of an hour.
    let hour = Date(timeIntervalSince1970: 500_000 * 3_600)

    @Test func hoursAreBucketedAndQuietHoursFilled() {
        let counts = [
            CampaignHour(hour: hour.addingTimeInterval(7_200), delivered: 3),
            CampaignHour(hour: hour, sent: 5, delivered: 2),
            CampaignHour(hour: hour.addingTimeInterval(7_200), opens: 4, clicks: 1),
            CampaignHour(hour: hour.addingTimeInterval(-3_600), sent: 9),
        ]
        let series = CampaignHourSeries(
            start: hour.addingTimeInterval(1_500), end: hour.addingTimeInterval(7_300), counts: counts)
        #expect(!series.truncated)
        #expect(
            series.hours == [
                CampaignHour(hour: hour, sent: 5, delivered: 2),
                CampaignHour(hour: hour.addingTimeInterval(3_600)),
                CampaignHour(hour: hour.addingTimeInterval(7_200), delivered: 3, opens: 4, clicks: 1),
            ])
        #expect(CampaignHourSeries.hourStart(hour.addingTimeInterval(3_599.9)) == hour)
    }

    @Test func longCampaignsAreTruncatedAtTheLimit() {
        let end = hour.addingTimeInterval(100 * 86_400)
        let series = CampaignHourSeries(
            start: hour, end: end, counts: [CampaignHour(hour: end, sent: 1), CampaignHour(hour: hour, sent: 2)])
        #expect(series.truncated && series.hours.count == CampaignHourSeries.maximumHours)
        #expect(series.hours.map(\.sent).reduce(0, +) == 2)
        let short = CampaignHourSeries(start: hour, end: hour.addingTimeInterval(-60), counts: [])
        #expect(short.hours.count == 1 && !short.truncated)
    }

    @Test func medianComesFromTheMiddleDelays() {
        let middles = [0, 1, 4, 5].map { DelayStatistics.middle(count: $0) }
        #expect(middles.map(\.offset) == [0, 0, 1, 2] && middles.map(\.length) == [0, 1, 2, 1])
        let even = DelayStatistics(recipients: 4, stillWaiting: 1, total: 100, longest: 60, middle: [10, 20])
        #expect(even.median == 15 && even.longest == 60 && even.total == 100 && even.stillWaiting == 1)
        #expect(DelayStatistics(recipients: 0, stillWaiting: 0, total: 0, longest: 0, middle: []) == .none)
    }

    @Test func delaysAreSpelledForOperators() {
        #expect(DelayStatistics.spell(42.4) == "42s")
        #expect(DelayStatistics.spell(250) == "4m10s")
        #expect(DelayStatistics.spell(542) == "9m02s")
        #expect(DelayStatistics.spell(2 * 3_600 + 5 * 60 + 9) == "2h05m")
        #expect(DelayStatistics.spell(3 * 86_400 + 4 * 3_600) == "3d4h")
        #expect(DelayStatistics.spell(-5) == "0s")
    }

    @Test func ratesDivideByWhatWasSentOrDelivered() {
        let rates = CampaignRates(
            sent: 200, delivered: 180, bounced: 10, uniqueOpens: 90, uniqueClicks: 18, complaints: 1)
        #expect(rates.delivery == 0.9 && rates.bounce == 0.05)
        #expect(rates.uniqueOpen == 0.5 && rates.click == 0.1 && rates.complaint == 1.0 / 180)
        let nothing = CampaignRates(sent: 0, delivered: 0, bounced: 0, uniqueOpens: 0, uniqueClicks: 0, complaints: 0)
        #expect(nothing.delivery == nil && nothing.complaint == nil)
        #expect(CampaignRates.percent(0.975) == "97.5%" && CampaignRates.percent(nil) == "-")
    }
}
