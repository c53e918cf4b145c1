import Foundation
import SteadymailDomain
import Testing

@testable import SteadymailServer

@Suite struct CampaignReportTextTests {
    static func report(incidents: Bool) -> CampaignReportView {
        let hour = Date(timeIntervalSince1970: 500_000 * 3_600)
        let delay = CampaignReportView.Delay(
            DelayStatistics(recipients: 12, stillWaiting: 2, median: 250, longest: 542, total: 3_000))
        return CampaignReportView(
            campaign: .init(
                id: 7, name: "Spring sale", state: .finished, startedAt: "2027-01-15T08:00:00Z",
                finishedAt: "2027-01-15T09:30:00Z"),
            generatedAt: "2027-01-15T10:00:00Z",
            totals: .init(
                sent: 200, delivered: 195, deferred: .init(recipients: 12, waiting: 2),
                bounced: .init(hard: 2, soft: 1),
                expired: .init(deadline: 1, maxAge: 0, other: 0), opens: 120, uniqueOpens: 97, clicks: 30,
                uniqueClicks: 20, unsubscribes: 3, complaints: 0, skipped: ["suppressed": 4]),
            rates: .init(
                CampaignRates(
                    sent: 200, delivered: 195, bounced: 3, uniqueOpens: 97, uniqueClicks: 20, complaints: 0)),
            hours: [
                .init(CampaignHour(hour: hour, sent: 200, delivered: 190, deferrals: 14, bounces: 3, opens: 100)),
                .init(CampaignHour(hour: hour.addingTimeInterval(3_600))),
                .init(CampaignHour(hour: hour.addingTimeInterval(7_200), delivered: 5, opens: 20, clicks: 30)),
            ],
            hoursTruncated: false,
            incidents: incidents
                ? [
                    .init(
                        id: 4, monitor: "relay-primary", relay: "primary", startedAt: "2027-01-15T08:10:00Z",
                        endedAt: nil, delayed: delay)
                ] : [],
            delayedByDowntime: incidents ? delay : .init(.none))
    }

    @Test func totalsCarryTheirRates() {
        let lines = CampaignReportText.lines(Self.report(incidents: true))
        #expect(lines.first == "campaign 7: Spring sale (finished)")
        #expect(lines.contains("delivered: 195 (97.5%)"))
        #expect(lines.contains("bounced: hard 2, soft 1 (1.5%)"))
        #expect(lines.contains("deferred: 12 recipients, 2 waiting now"))
        #expect(lines.contains("opens: 120, unique 97 (49.7%)"))
        #expect(lines.contains("skipped: suppressed 4"))
    }

    @Test func activeHoursAreRowsAndQuietOnesCounted() {
        let lines = CampaignReportText.lines(Self.report(incidents: false))
        let rows = lines.filter { $0.hasPrefix("2027-") }
        #expect(rows.count == 2)
        #expect(
            rows.first?.split(separator: " ").map(String.init) == [
                "2027-01-15T08:00:00Z", "200", "190", "14", "3", "100", "0",
            ])
        #expect(lines.contains("(1 quiet hours not shown)"))
        #expect(lines.last == "incidents: none during the campaign")
    }

    @Test func incidentsSayHowManyWereDelayedAndHowLong() {
        let lines = CampaignReportText.lines(Self.report(incidents: true))
        #expect(
            lines.contains(
                "#4 relay primary (monitor relay-primary) 2027-01-15T08:10:00Z to now (open): "
                    + "12 recipients delayed, median 4m10s, max 9m02s (2 still waiting)"))
        #expect(lines.last?.hasPrefix("delayed by downtime: 12 recipients delayed") == true)
    }

    @Test func theReportEncodesInSnakeCase() throws {
        let data = try JSONEncoder().encode(Self.report(incidents: true))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let totals = try #require(object["totals"] as? [String: Any])
        #expect(totals["unique_opens"] as? Int == 97)
        #expect((totals["expired"] as? [String: Any])?["max_age"] as? Int == 0)
        let downtime = try #require(object["delayed_by_downtime"] as? [String: Any])
        #expect(downtime["max_seconds"] as? Double == 542 && downtime["still_waiting"] as? Int == 2)
        #expect(object["hours_truncated"] as? Bool == false)
        let decoded = try JSONDecoder().decode(CampaignReportView.self, from: data)
        #expect(decoded == Self.report(incidents: true))
    }
}
