import Foundation

/// One UTC hour of a campaign's activity, as the campaign report shows it over time.
///
/// It exists so that the counts a store reads (queue events and bounces) and the engagement counts merge by hour into
/// one value, and so that the series is built and bounded apart from storage (`CampaignHourSeries`).
public struct CampaignHour: Sendable, Equatable, Codable {
    /// The start of the hour, UTC.
    public var hour: Date
    /// Campaign messages queued in the hour.
    public var sent: Int
    public var delivered: Int
    /// Deferral events (one recipient deferred twice counts twice).
    public var deferrals: Int
    /// Hard and soft bounces recorded in the hour.
    public var bounces: Int
    public var opens: Int
    public var clicks: Int

    public init(
        hour: Date, sent: Int = 0, delivered: Int = 0, deferrals: Int = 0, bounces: Int = 0, opens: Int = 0,
        clicks: Int = 0
    ) {
        self.hour = hour
        self.sent = sent
        self.delivered = delivered
        self.deferrals = deferrals
        self.bounces = bounces
        self.opens = opens
        self.clicks = clicks
    }

    /// The counts of both hours added up, in this hour.
    func adding(_ other: CampaignHour) -> CampaignHour {
        CampaignHour(
            hour: hour, sent: sent + other.sent, delivered: delivered + other.delivered,
            deferrals: deferrals + other.deferrals, bounces: bounces + other.bounces, opens: opens + other.opens,
            clicks: clicks + other.clicks)
    }
}

/// The hours of a campaign report: every hour from the campaign's start to its last activity, quiet hours included,
/// at most `maximumHours` of them.
///
/// It exists so that a report over a campaign that ran for months stays bounded, and says so (`truncated`).
public struct CampaignHourSeries: Sendable, Equatable {
    /// A month of hours.
    public static let maximumHours = 24 * 31

    public var hours: [CampaignHour]
    /// True when the activity went on past the last hour shown.
    public var truncated: Bool

    /// The dense series from the hour of `start` to the hour of `end`, adding up the `counts` of each hour (counts
    /// outside the span are left out); at most `limit` hours from the start.
    public init(start: Date, end: Date, counts: [CampaignHour], limit: Int = maximumHours) {
        let first = Self.hourStart(start)
        let last = Self.hourStart(max(start, end))
        let span = Int((last.timeIntervalSince(first) / 3_600).rounded()) + 1
        let shown = max(0, min(span, limit))
        truncated = span > shown
        var byIndex: [Int: CampaignHour] = [:]
        for count in counts {
            let index = Int((Self.hourStart(count.hour).timeIntervalSince(first) / 3_600).rounded())
            guard index >= 0, index < shown else { continue }
            let empty = CampaignHour(hour: first.addingTimeInterval(Double(index) * 3_600))
            byIndex[index] = (byIndex[index] ?? empty).adding(count)
        }
        hours = (0..<shown).map { index in
            byIndex[index] ?? CampaignHour(hour: first.addingTimeInterval(Double(index) * 3_600))
        }
    }

    /// The start of the UTC hour `date` falls in.
    public static func hourStart(_ date: Date) -> Date {
        let seconds = date.timeIntervalSince1970
        return Date(timeIntervalSince1970: (seconds / 3_600).rounded(.down) * 3_600)
    }

    /// The end of the span the series covers: the start plus `maximumHours` hours.
    public static func limitEnd(start: Date, limit: Int = maximumHours) -> Date {
        hourStart(start).addingTimeInterval(Double(limit) * 3_600)
    }
}
