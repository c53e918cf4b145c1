import Foundation
import SteadymailDomain

/// A mailing list: what a campaign targets and a subscriber joins.
public struct MailingList: Sendable, Equatable, Codable {
    public var id: Int64
    /// Unique, chosen by the operator: `newsletter`, `customers-de`.
    public var name: String
    public var optIn: OptIn
    public var description: String
    public var createdAt: Date

    public init(id: Int64, name: String, optIn: OptIn, description: String = "", createdAt: Date) {
        self.id = id
        self.name = name
        self.optIn = optIn
        self.description = description
        self.createdAt = createdAt
    }
}

/// A person who may receive campaigns: one normalised address (`SubscriberEmail`), their name, whether they may be
/// mailed at all, and the operator's own attributes for segments and templates.
public struct Subscriber: Sendable, Equatable, Codable {
    public var id: Int64
    public var email: String
    public var name: String
    public var status: SubscriberStatus
    public var attributes: [String: JSONValue]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, email: String, name: String, status: SubscriberStatus, attributes: [String: JSONValue],
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.status = status
        self.attributes = attributes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One subscriber's standing on one list.
public struct Subscription: Sendable, Equatable, Codable {
    public var listID: Int64
    public var listName: String
    public var status: SubscriptionStatus
    public var createdAt: Date
    public var updatedAt: Date

    public init(listID: Int64, listName: String, status: SubscriptionStatus, createdAt: Date, updatedAt: Date) {
        self.listID = listID
        self.listName = listName
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One row to write by `AudienceStore.upsertSubscribers`: an import line or an API call, already validated (the
/// address normalised by `SubscriberEmail`).
public struct SubscriberUpsert: Sendable, Equatable {
    public var email: String
    /// The name to set; nil keeps a known subscriber's name (an empty name for a new one).
    public var name: String?
    /// Attributes to merge over the stored ones, key by key (JSON merge patch: a null value removes the key).
    public var attributes: [String: JSONValue]
    /// The status a new subscriber gets; nil means `enabled`. A known subscriber's status is changed only when
    /// `overwriteStatus` is set, so that an import never re-enables someone who unsubscribed or bounced.
    public var status: SubscriberStatus?
    public var overwriteStatus: Bool
    /// Whether `name` replaces a known subscriber's non-empty name; when false it only fills an empty one (an import
    /// without `--overwrite`).
    public var overwriteName: Bool

    public init(
        email: String, name: String? = nil, attributes: [String: JSONValue] = [:], status: SubscriberStatus? = nil,
        overwriteStatus: Bool = false, overwriteName: Bool = true
    ) {
        self.email = email
        self.name = name
        self.attributes = attributes
        self.status = status
        self.overwriteStatus = overwriteStatus
        self.overwriteName = overwriteName
    }
}

/// Why a row of an upsert batch was not written.
public enum UpsertSkipReason: String, Sendable, Codable, CaseIterable {
    /// The same address appeared earlier in the same batch.
    case duplicate
    /// The address is on the suppression list.
    case suppressed
}

/// What one `upsertSubscribers` batch did: rows inserted and updated, rows skipped by position and reason, and the id
/// of every subscriber written (in row order; nil for skipped rows).
public struct UpsertSummary: Sendable, Equatable {
    public var inserted: Int
    public var updated: Int
    public var skipped: [(index: Int, reason: UpsertSkipReason)]
    public var subscriberIDs: [Int64?]

    public init(
        inserted: Int = 0, updated: Int = 0, skipped: [(index: Int, reason: UpsertSkipReason)] = [],
        subscriberIDs: [Int64?] = []
    ) {
        self.inserted = inserted
        self.updated = updated
        self.skipped = skipped
        self.subscriberIDs = subscriberIDs
    }

    public static func == (lhs: UpsertSummary, rhs: UpsertSummary) -> Bool {
        lhs.inserted == rhs.inserted && lhs.updated == rhs.updated && lhs.subscriberIDs == rhs.subscriberIDs
            && lhs.skipped.map(\.index) == rhs.skipped.map(\.index)
            && lhs.skipped.map(\.reason) == rhs.skipped.map(\.reason)
    }
}

/// An address that must not be mailed by campaigns, with why and since when.
public struct Suppression: Sendable, Equatable, Codable {
    /// Normalised by `SubscriberEmail`.
    public var email: String
    public var reason: SuppressionReason
    public var note: String?
    public var createdAt: Date

    public init(email: String, reason: SuppressionReason, note: String? = nil, createdAt: Date) {
        self.email = email
        self.reason = reason
        self.note = note
        self.createdAt = createdAt
    }
}

/// Which suppression entries a listing wants: with a reason, after an address (paging), at most `limit`, by address.
public struct SuppressionQuery: Sendable, Equatable {
    public var reason: SuppressionReason?
    /// Only addresses sorting after this one: the last address of the previous page.
    public var after: String?
    public var limit: Int

    public init(reason: SuppressionReason? = nil, after: String? = nil, limit: Int = 100) {
        self.reason = reason
        self.after = after
        self.limit = limit
    }
}

/// Which subscribers a listing wants: on a list (any subscription status), with a status, after an id.
public struct SubscriberQuery: Sendable, Equatable {
    public var listID: Int64?
    public var status: SubscriberStatus?
    /// Only subscribers with a larger id: the last id of the previous page.
    public var afterID: Int64
    public var limit: Int

    public init(listID: Int64? = nil, status: SubscriberStatus? = nil, afterID: Int64 = 0, limit: Int = 100) {
        self.listID = listID
        self.status = status
        self.afterID = afterID
        self.limit = limit
    }
}
