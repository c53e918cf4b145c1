import Foundation
import SteadymailDomain

/// The lines `steadymail campaign report` prints without `--json`: totals with their rates, the hours with any
/// activity as rows, and each incident with the recipients it delayed (`12 recipients delayed, median 4m10s, max
/// 9m02s`).
///
/// It exists apart from the command so that the wording is tested on a fixed report.
public enum CampaignReportText {
    public static func lines(_ report: CampaignReportView) -> [String] {
        let totals = report.totals
        let rates = report.rates
        let campaign = report.campaign
        var lines = [
            "campaign \(campaign.id): \(campaign.name) (\(campaign.state.rawValue))",
            "started: \(campaign.startedAt ?? "-")  finished: \(campaign.finishedAt ?? "-")",
            "sent: \(totals.sent)",
            "delivered: \(totals.delivered) (\(CampaignRates.percent(rates.delivery)))",
            "deferred: \(totals.deferred.recipients) recipients, \(totals.deferred.waiting) waiting now",
            "bounced: hard \(totals.bounced.hard), soft \(totals.bounced.soft) (\(CampaignRates.percent(rates.bounce)))",
            "expired: deadline \(totals.expired.deadline), max age \(totals.expired.maxAge), "
                + "other \(totals.expired.other)",
            "opens: \(totals.opens), unique \(totals.uniqueOpens) (\(CampaignRates.percent(rates.uniqueOpen)))",
            "clicks: \(totals.clicks), unique \(totals.uniqueClicks) (\(CampaignRates.percent(rates.click)))",
            "unsubscribes: \(totals.unsubscribes)",
            "complaints: \(totals.complaints) (\(CampaignRates.percent(rates.complaint)))",
        ]
        if !totals.skipped.isEmpty {
            let skipped = totals.skipped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            lines.append("skipped: \(skipped.joined(separator: ", "))")
        }
        lines.append(contentsOf: hourRows(report))
        lines.append(contentsOf: incidentLines(report))
        return lines
    }

    private static let hourColumns = ["sent", "delivered", "deferrals", "bounces", "opens", "clicks"]

    private static func hourRows(_ report: CampaignReportView) -> [String] {
        let active = report.hours.filter {
            $0.sent + $0.delivered + $0.deferrals + $0.bounces + $0.opens + $0.clicks > 0
        }
        var rows = ["", pad("hour (UTC)", 22) + hourColumns.map { pad($0, 11, right: true) }.joined()]
        for hour in active {
            let values = [hour.sent, hour.delivered, hour.deferrals, hour.bounces, hour.opens, hour.clicks]
            rows.append(pad(hour.hour, 22) + values.map { pad(String($0), 11, right: true) }.joined())
        }
        let quiet = report.hours.count - active.count
        if quiet > 0 { rows.append("(\(quiet) quiet hours not shown)") }
        if report.hoursTruncated { rows.append("(truncated: the campaign's activity goes on past the last hour)") }
        return rows
    }

    private static func incidentLines(_ report: CampaignReportView) -> [String] {
        guard !report.incidents.isEmpty else { return ["", "incidents: none during the campaign"] }
        var lines = ["", "incidents:"]
        for incident in report.incidents {
            let target = incident.relay.map { "relay \($0)" } ?? "node"
            lines.append(
                "#\(incident.id) \(target) (monitor \(incident.monitor)) \(incident.startedAt) to "
                    + "\(incident.endedAt ?? "now (open)"): \(delayed(incident.delayed))")
        }
        lines.append("delayed by downtime: \(delayed(report.delayedByDowntime))")
        return lines
    }

    /// `12 recipients delayed, median 4m10s, max 9m02s`, and how many still wait.
    static func delayed(_ delay: CampaignReportView.Delay) -> String {
        guard delay.recipients > 0 else { return "no recipient delayed" }
        let noun = delay.recipients == 1 ? "recipient" : "recipients"
        var text =
            "\(delay.recipients) \(noun) delayed, median \(DelayStatistics.spell(delay.medianSeconds)), "
            + "max \(DelayStatistics.spell(delay.maxSeconds))"
        if delay.stillWaiting > 0 { text += " (\(delay.stillWaiting) still waiting)" }
        return text
    }

    private static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
