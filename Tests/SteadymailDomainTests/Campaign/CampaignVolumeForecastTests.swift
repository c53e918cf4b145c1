import Foundation
import SteadymailDomain
import Testing

@Suite struct CampaignVolumeForecastTests {
    let start = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func anUnthrottledCampaignFallsInItsFirstHour() {
        let forecast = CampaignVolumeForecast.hourly(start: start, count: 50_000, perMinute: nil, horizon: 86_400)
        #expect(forecast.map(\.at) == [start] && forecast.map(\.count) == [50_000])
    }

    @Test func aThrottledCampaignSpreadsOverTheHoursItNeeds() {
        let forecast = CampaignVolumeForecast.hourly(start: start, count: 25_000, perMinute: 100, horizon: 86_400)
        #expect(forecast.map(\.count) == [6_000, 6_000, 6_000, 6_000, 1_000])
        #expect(forecast.map(\.at) == (0..<5).map { start.addingTimeInterval(Double($0) * 3600) })
    }

    @Test func theForecastStopsAtTheHorizonAndSkipsEmptyCampaigns() {
        #expect(CampaignVolumeForecast.hourly(start: start, count: 1_000_000, perMinute: 1, horizon: 7200).count == 2)
        #expect(CampaignVolumeForecast.hourly(start: start, count: 0, perMinute: nil, horizon: 7200).isEmpty)
    }
}
