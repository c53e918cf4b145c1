import Foundation
import SteadymailDomain

/// A campaign's report as `steadymail campaign report --json` and `GET /v1/campaigns/{id}/report` show it: what
/// happened to its mail in totals, rates and per hour, and which outages delayed its recipients and by how long.
///
/// It exists as one Codable model so that the CLI and the API answer with the same figures. Times are RFC 3339 in
/// UTC, durations in seconds.
public struct CampaignReportView: Codable, Sendable, Equatable {
    public var campaign: Summary
    public var generatedAt: String
    public var totals: Totals
    public var rates: Rates
    public var hours: [Hour]
    /// True when the campaign's activity went on past the last hour listed (at most a month of hours is).
    public var hoursTruncated: Bool
    /// The incidents that overlapped the campaign's sending span, oldest first.
    public var incidents: [IncidentDelay]
    /// The recipients delayed by any of the incidents, each counted once.
    public var delayedByDowntime: Delay

    public init(
        campaign: Summary, generatedAt: String, totals: Totals, rates: Rates, hours: [Hour], hoursTruncated: Bool,
        incidents: [IncidentDelay], delayedByDowntime: Delay
    ) {
        self.campaign = campaign
        self.generatedAt = generatedAt
        self.totals = totals
        self.rates = rates
        self.hours = hours
        self.hoursTruncated = hoursTruncated
        self.incidents = incidents
        self.delayedByDowntime = delayedByDowntime
    }

    enum CodingKeys: String, CodingKey {
        case campaign, totals, rates, hours, incidents
        case generatedAt = "generated_at"
        case hoursTruncated = "hours_truncated"
        case delayedByDowntime = "delayed_by_downtime"
    }

    /// The campaign the report is about.
    public struct Summary: Codable, Sendable, Equatable {
        public var id: Int64
        public var name: String
        public var state: CampaignState
        public var startedAt: String?
        public var finishedAt: String?

        enum CodingKeys: String, CodingKey {
            case id, name, state
            case startedAt = "started_at"
            case finishedAt = "finished_at"
        }
    }

    /// What happened to the campaign's mail, counted.
    public struct Totals: Codable, Sendable, Equatable {
        /// Messages queued for the campaign.
        public var sent: Int
        public var delivered: Int
        public var deferred: Deferred
        public var bounced: Bounced
        public var expired: Expired
        public var opens: Int
        public var uniqueOpens: Int
        public var clicks: Int
        public var uniqueClicks: Int
        public var unsubscribes: Int
        public var complaints: Int
        /// Subscribers the campaign did not mail, by reason (`LedgerSkipReason`).
        public var skipped: [String: Int]

        enum CodingKeys: String, CodingKey {
            case sent, delivered, deferred, bounced, expired, opens, clicks, unsubscribes, complaints, skipped
            case uniqueOpens = "unique_opens"
            case uniqueClicks = "unique_clicks"
        }
    }

    /// Recipients deferred at least once, and how many of the campaign's recipients are deferred now.
    public struct Deferred: Codable, Sendable, Equatable {
        public var recipients: Int
        public var waiting: Int
    }

    /// Bounces recorded for the campaign, synchronous and asynchronous alike.
    public struct Bounced: Codable, Sendable, Equatable {
        public var hard: Int
        public var soft: Int
    }

    /// Recipients not mailed in the end: at the deadline, at the maximum age, or for another reason (unsubscribed,
    /// suppressed or deleted when claimed).
    public struct Expired: Codable, Sendable, Equatable {
        public var deadline: Int
        public var maxAge: Int
        public var other: Int

        enum CodingKeys: String, CodingKey {
            case deadline, other
            case maxAge = "max_age"
        }
    }

    /// Ratios between 0 and 1; each left out while its denominator is zero.
    public struct Rates: Codable, Sendable, Equatable {
        public var delivery: Double?
        public var bounce: Double?
        public var uniqueOpen: Double?
        public var click: Double?
        public var complaint: Double?

        init(_ rates: CampaignRates) {
            delivery = rates.delivery
            bounce = rates.bounce
            uniqueOpen = rates.uniqueOpen
            click = rates.click
            complaint = rates.complaint
        }

        enum CodingKeys: String, CodingKey {
            case delivery, bounce, click, complaint
            case uniqueOpen = "unique_open"
        }
    }

    /// One UTC hour of the series.
    public struct Hour: Codable, Sendable, Equatable {
        public var hour: String
        public var sent: Int
        public var delivered: Int
        public var deferrals: Int
        public var bounces: Int
        public var opens: Int
        public var clicks: Int

        init(_ hour: CampaignHour) {
            self.hour = CampaignView.text(hour.hour)
            sent = hour.sent
            delivered = hour.delivered
            deferrals = hour.deferrals
            bounces = hour.bounces
            opens = hour.opens
            clicks = hour.clicks
        }
    }

    /// One incident and the campaign's recipients it delayed.
    public struct IncidentDelay: Codable, Sendable, Equatable {
        public var id: Int64
        public var monitor: String
        /// The relay concerned; nil for the whole node.
        public var relay: String?
        public var startedAt: String
        /// Nil (left out) while the incident is open.
        public var endedAt: String?
        public var delayed: Delay

        enum CodingKeys: String, CodingKey {
            case id, monitor, relay, delayed
            case startedAt = "started_at"
            case endedAt = "ended_at"
        }
    }

    /// Delayed recipients and their delays in seconds.
    public struct Delay: Codable, Sendable, Equatable {
        public var recipients: Int
        public var stillWaiting: Int
        public var medianSeconds: Double
        public var maxSeconds: Double
        public var totalSeconds: Double

        init(_ statistics: DelayStatistics) {
            recipients = statistics.recipients
            stillWaiting = statistics.stillWaiting
            medianSeconds = statistics.median
            maxSeconds = statistics.longest
            totalSeconds = statistics.total
        }

        enum CodingKeys: String, CodingKey {
            case recipients
            case stillWaiting = "still_waiting"
            case medianSeconds = "median_seconds"
            case maxSeconds = "max_seconds"
            case totalSeconds = "total_seconds"
        }
    }
}
