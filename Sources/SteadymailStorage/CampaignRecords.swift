import Foundation
import SteadymailDomain

/// What an operator gives to create a campaign, already validated by the caller (lists found, template known, window
/// and time zone parsed, deadline after the start).
public struct NewCampaign: Sendable, Equatable {
    public var name: String
    public var templateName: String
    /// The From address, also the envelope sender.
    public var fromAddress: String
    /// The display name shown with the From address; empty for none.
    public var fromName: String
    public var priority: Priority
    /// Messages per minute; nil for no throttle.
    public var throttlePerMinute: Int?
    public var window: SendWindow?
    /// The zone of `window`, and the one times are shown in; an IANA name.
    public var timeZone: String
    public var sendAt: Date?
    public var deadline: Date?
    /// The segment expression as written (validated by `SegmentParser`); nil for the whole lists.
    public var segment: String?
    public var listIDs: [Int64]
    /// Whether the messages carry an open pixel and click redirects (on unless switched off at creation).
    public var tracking: Bool

    public init(
        name: String, templateName: String, fromAddress: String, fromName: String = "", priority: Priority = .bulk,
        throttlePerMinute: Int? = nil, window: SendWindow? = nil, timeZone: String = "UTC", sendAt: Date? = nil,
        deadline: Date? = nil, segment: String? = nil, listIDs: [Int64], tracking: Bool = true
    ) {
        self.name = name
        self.templateName = templateName
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.priority = priority
        self.throttlePerMinute = throttlePerMinute
        self.window = window
        self.timeZone = timeZone
        self.sendAt = sendAt
        self.deadline = deadline
        self.segment = segment
        self.listIDs = listIDs
        self.tracking = tracking
    }
}

/// A stored campaign: its settings, where it stands and why (`note`), and when it started and ended.
public struct CampaignRecord: Sendable, Equatable {
    public var id: Int64
    public var settings: NewCampaign
    public var state: CampaignState
    /// Why the campaign is in its state: `started 2h13m late`, `deadline passed before start`.
    public var note: String?
    /// True once every eligible subscriber is in the ledger.
    public var snapshotTaken: Bool
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(
        id: Int64, settings: NewCampaign, state: CampaignState, note: String?, snapshotTaken: Bool, createdAt: Date,
        startedAt: Date?, finishedAt: Date?
    ) {
        self.id = id
        self.settings = settings
        self.state = state
        self.note = note
        self.snapshotTaken = snapshotTaken
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// The tag every message of the campaign carries, which pause, resume and cancel select by.
    public var tag: String { Self.tag(id) }

    public static func tag(_ id: Int64) -> String { "campaign-\(id)" }
}

/// A subscriber still pending in a campaign's ledger, as read for enqueuing: nil `subscriber` when the subscriber was
/// deleted since the snapshot, and whether the address is suppressed now.
public struct PendingRecipient: Sendable, Equatable {
    public var subscriberID: Int64
    public var subscriber: Subscriber?
    public var suppressed: Bool

    public init(subscriberID: Int64, subscriber: Subscriber?, suppressed: Bool) {
        self.subscriberID = subscriberID
        self.subscriber = subscriber
        self.suppressed = suppressed
    }
}

/// One message of a campaign to enqueue with the ledger row it settles.
public struct CampaignMessage: Sendable, Equatable {
    public var subscriberID: Int64
    /// The message; its `campaignID` and `subscriberID` are set by the store from this value and the campaign.
    public var message: NewMessage

    public init(subscriberID: Int64, message: NewMessage) {
        self.subscriberID = subscriberID
        self.message = message
    }
}

/// A subscriber the runner decided not to mail, with why.
public struct CampaignSkip: Sendable, Equatable {
    public var subscriberID: Int64
    public var reason: LedgerSkipReason

    public init(subscriberID: Int64, reason: LedgerSkipReason) {
        self.subscriberID = subscriberID
        self.reason = reason
    }
}

/// How far a campaign got: its ledger by state (skips by reason) and its queued copies by recipient state (expiries by
/// reason), read together.
public struct CampaignProgress: Sendable, Equatable, Codable {
    public var ledger: [LedgerState: Int]
    public var skipped: [LedgerSkipReason: Int]
    public var queue: [RecipientState: Int]
    /// The campaign's queue recipients that expired, by `ExpiryReason` raw value (`deadline`, `unsubscribed`, ...).
    public var queueExpired: [String: Int]

    public init(
        ledger: [LedgerState: Int] = [:], skipped: [LedgerSkipReason: Int] = [:], queue: [RecipientState: Int] = [:],
        queueExpired: [String: Int] = [:]
    ) {
        self.ledger = ledger
        self.skipped = skipped
        self.queue = queue
        self.queueExpired = queueExpired
    }

    /// Subscribers not mailed because the deadline passed: pending rows expired, and queued copies expired by it.
    public var expiredByDeadline: Int {
        (ledger[.expired] ?? 0) + (queueExpired[ExpiryReason.deadline.rawValue] ?? 0)
    }

    /// Queued copies not final yet.
    public var waiting: Int {
        queue.filter { !$0.key.isFinal }.values.reduce(0, +)
    }
}
