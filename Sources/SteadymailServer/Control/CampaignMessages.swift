import Foundation
import SteadymailDomain
import SteadymailStorage

/// A campaign command's arguments as the CLI and the API send them: the campaign's id, or the settings of a new one
/// as typed (times as text in the campaign's zone, lists by name), checked by `CampaignOperations`.
public struct CampaignRequest: Codable, Sendable, Equatable {
    public var id: Int64?
    public var name: String?
    public var template: String?
    public var lists: [String]?
    public var segment: String?
    public var from: String?
    public var fromName: String?
    /// `bulk` (the default) or `time-critical`.
    public var priority: String?
    /// Messages per minute.
    public var throttle: Int?
    /// `HH:MM-HH:MM`.
    public var window: String?
    public var timeZone: String?
    public var sendAt: String?
    public var deadline: String?
    /// Open pixel and click redirects; on when absent.
    public var tracking: Bool?

    public init(
        id: Int64? = nil, name: String? = nil, template: String? = nil, lists: [String]? = nil,
        segment: String? = nil, from: String? = nil, fromName: String? = nil, priority: String? = nil,
        throttle: Int? = nil, window: String? = nil, timeZone: String? = nil, sendAt: String? = nil,
        deadline: String? = nil, tracking: Bool? = nil
    ) {
        self.id = id
        self.name = name
        self.template = template
        self.lists = lists
        self.segment = segment
        self.from = from
        self.fromName = fromName
        self.priority = priority
        self.throttle = throttle
        self.window = window
        self.timeZone = timeZone
        self.sendAt = sendAt
        self.deadline = deadline
        self.tracking = tracking
    }

    enum CodingKeys: String, CodingKey {
        case id, name, template, lists, segment, from, priority, throttle, window, deadline, tracking
        case fromName = "from_name"
        case timeZone = "time_zone"
        case sendAt = "send_at"
    }
}

/// A campaign as `steadymail campaign show --json`, `steadymail campaigns --json` and the API show it: its settings,
/// where it stands and why, and (for one campaign) its progress and its opens and clicks.
public struct CampaignView: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var state: CampaignState
    public var note: String?
    public var template: String
    public var lists: [String]
    public var segment: String?
    public var from: String
    public var priority: Priority
    public var throttlePerMinute: Int?
    public var window: String?
    public var timeZone: String
    /// Times are RFC 3339 in UTC.
    public var sendAt: String?
    public var deadline: String?
    public var createdAt: String
    public var startedAt: String?
    public var finishedAt: String?
    public var tracking: Bool
    public var progress: CampaignProgressView?
    public var engagement: EngagementView?

    public init(
        _ record: CampaignRecord, listNames: [Int64: String], progress: CampaignProgress?,
        engagement: EngagementSummary? = nil
    ) {
        let settings = record.settings
        id = record.id
        name = settings.name
        state = record.state
        note = record.note
        template = settings.templateName
        lists = settings.listIDs.map { listNames[$0] ?? "#\($0)" }
        segment = settings.segment
        from = settings.fromAddress
        priority = settings.priority
        throttlePerMinute = settings.throttlePerMinute
        window = settings.window?.spelling
        timeZone = settings.timeZone
        sendAt = settings.sendAt.map(Self.text)
        deadline = settings.deadline.map(Self.text)
        createdAt = Self.text(record.createdAt)
        startedAt = record.startedAt.map(Self.text)
        finishedAt = record.finishedAt.map(Self.text)
        tracking = settings.tracking
        self.progress = progress.map(CampaignProgressView.init)
        self.engagement = engagement.map(EngagementView.init)
    }

    static func text(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    enum CodingKeys: String, CodingKey {
        case id, name, state, note, template, lists, segment, from, priority, window, deadline, tracking, progress
        case engagement
        case throttlePerMinute = "throttle_per_minute"
        case timeZone = "time_zone"
        case sendAt = "send_at"
        case createdAt = "created_at"
        case startedAt = "started_at"
        case finishedAt = "finished_at"
    }
}

/// A campaign's progress with string keys for JSON: the ledger by state, skips by reason, its queued copies by
/// recipient state and their expiries by reason, and the subscribers not mailed because the deadline passed.
public struct CampaignProgressView: Codable, Sendable, Equatable {
    public var ledger: [String: Int]
    public var skipped: [String: Int]
    public var queue: [String: Int]
    public var queueExpired: [String: Int]
    public var expiredByDeadline: Int
    public var waiting: Int

    public init(_ progress: CampaignProgress) {
        ledger = Dictionary(uniqueKeysWithValues: progress.ledger.map { ($0.key.rawValue, $0.value) })
        skipped = Dictionary(uniqueKeysWithValues: progress.skipped.map { ($0.key.rawValue, $0.value) })
        queue = Dictionary(uniqueKeysWithValues: progress.queue.map { ($0.key.rawValue, $0.value) })
        queueExpired = progress.queueExpired
        expiredByDeadline = progress.expiredByDeadline
        waiting = progress.waiting
    }

    enum CodingKeys: String, CodingKey {
        case ledger, skipped, queue, waiting
        case queueExpired = "queue_expired"
        case expiredByDeadline = "expired_by_deadline"
    }
}

/// A campaign's opens and clicks for JSON: every hit, and the subscribers who opened or clicked at least once.
public struct EngagementView: Codable, Sendable, Equatable {
    public var opens: Int
    public var uniqueOpens: Int
    public var clicks: Int
    public var uniqueClicks: Int

    public init(_ summary: EngagementSummary) {
        opens = summary.opens
        uniqueOpens = summary.uniqueOpens
        clicks = summary.clicks
        uniqueClicks = summary.uniqueClicks
    }

    enum CodingKeys: String, CodingKey {
        case opens, clicks
        case uniqueOpens = "unique_opens"
        case uniqueClicks = "unique_clicks"
    }
}
