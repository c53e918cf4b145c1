import Foundation
import SteadymailDomain
import SteadymailStorage

/// What the `list ...`, `subscriber ...` and `subscribers ...` commands send over the control socket: a list's name
/// and settings, a subscriber's address and fields, a listing's filters, or one batch of import rows.
public struct AudienceRequest: Codable, Sendable, Equatable {
    /// A list's name (`list create|show|remove`, the list of an import or a listing).
    public var list: String?
    public var optIn: OptIn?
    public var description: String?
    public var email: String?
    public var name: String?
    public var attributes: [String: JSONValue]?
    /// The lists `subscriber add` and `subscriber subscribe` subscribe to, or `subscriber unsubscribe` leaves.
    public var lists: [String]?
    /// A subscriber status: the filter of a listing, or the new status of `subscriber set`.
    public var status: String?
    /// Subscribe to double opt-in lists as confirmed, sending no confirmation mail.
    public var preconfirm: Bool?
    /// For `subscriber subscribe`: take up again a subscription the subscriber left (they asked again).
    public var resubscribe: Bool?
    /// For an import: set status and name of known subscribers too.
    public var overwrite: Bool?
    public var after: Int64?
    public var limit: Int?
    /// One import batch.
    public var rows: [ImportedSubscriber]?
    /// A suppression reason: the filter of `suppression list`, or the reason of `suppression add`.
    public var reason: String?
    /// The note of `suppression add`.
    public var note: String?
    /// For `suppression list`: only addresses after this one (paging).
    public var afterEmail: String?

    public init(
        list: String? = nil, optIn: OptIn? = nil, description: String? = nil, email: String? = nil,
        name: String? = nil, attributes: [String: JSONValue]? = nil, lists: [String]? = nil, status: String? = nil,
        preconfirm: Bool? = nil, resubscribe: Bool? = nil, overwrite: Bool? = nil, after: Int64? = nil,
        limit: Int? = nil, rows: [ImportedSubscriber]? = nil, reason: String? = nil, note: String? = nil,
        afterEmail: String? = nil
    ) {
        self.list = list
        self.optIn = optIn
        self.description = description
        self.email = email
        self.name = name
        self.attributes = attributes
        self.lists = lists
        self.status = status
        self.preconfirm = preconfirm
        self.resubscribe = resubscribe
        self.overwrite = overwrite
        self.after = after
        self.limit = limit
        self.rows = rows
        self.reason = reason
        self.note = note
        self.afterEmail = afterEmail
    }

    enum CodingKeys: String, CodingKey {
        case list, description, email, name, attributes, lists, status, preconfirm, resubscribe, overwrite, after,
            limit, rows, reason, note
        case optIn = "optin"
        case afterEmail = "after_email"
    }
}

/// The server's answer to an audience command.
public struct AudienceResponse: Codable, Sendable, Equatable {
    public var lists: [MailingListView]?
    public var subscribers: [SubscriberView]?
    /// For `subscriber export`.
    public var export: SubscriberExport?
    /// For an import batch.
    public var imported: ImportBatchView?
    /// Confirmation mails queued by `subscriber add` or `subscriber subscribe`.
    public var confirmationsQueued: Int?
    /// A page of `suppression list`, or the entry `suppression add` wrote.
    public var suppressions: [SuppressionView]?
    /// For `suppression list`: how many addresses are suppressed for each reason.
    public var suppressionCounts: [String: Int]?

    public init(
        lists: [MailingListView]? = nil, subscribers: [SubscriberView]? = nil, export: SubscriberExport? = nil,
        imported: ImportBatchView? = nil, confirmationsQueued: Int? = nil, suppressions: [SuppressionView]? = nil,
        suppressionCounts: [String: Int]? = nil
    ) {
        self.lists = lists
        self.subscribers = subscribers
        self.export = export
        self.imported = imported
        self.confirmationsQueued = confirmationsQueued
        self.suppressions = suppressions
        self.suppressionCounts = suppressionCounts
    }

    enum CodingKeys: String, CodingKey {
        case lists, subscribers, export, imported, suppressions
        case confirmationsQueued = "confirmations_queued"
        case suppressionCounts = "suppression_counts"
    }
}

/// What one import batch did on the server: rows inserted and updated, and the rows skipped (by index in the batch).
public struct ImportBatchView: Codable, Sendable, Equatable {
    public var inserted: Int
    public var updated: Int
    public var skipped: [SkippedRow]

    public struct SkippedRow: Codable, Sendable, Equatable {
        public var index: Int
        public var reason: SubscriberImportSkip

        public init(index: Int, reason: SubscriberImportSkip) {
            self.index = index
            self.reason = reason
        }
    }

    init(_ summary: UpsertSummary) {
        inserted = summary.inserted
        updated = summary.updated
        skipped = summary.skipped.map {
            SkippedRow(index: $0.index, reason: $0.reason == .duplicate ? .duplicate : .suppressed)
        }
    }
}
