import Foundation

/// Whether a recipient opened a campaign message (the tracking pixel was loaded) or followed one of its links.
public enum EngagementKind: String, Sendable, Codable, CaseIterable {
    case open
    case click
}

/// A link of a campaign's messages as stored for click tracking: the redirector sends a click only to the `url` of
/// the link its token names, and only when that link belongs to the token's campaign.
public struct CampaignLink: Sendable, Equatable {
    public var id: Int64
    public var campaignID: Int64
    public var url: String

    public init(id: Int64, campaignID: Int64, url: String) {
        self.id = id
        self.campaignID = campaignID
        self.url = url
    }
}

/// One open or click, as the public listener saw it.
public struct EngagementHit: Sendable, Equatable {
    public var campaignID: Int64
    public var subscriberID: Int64
    public var kind: EngagementKind
    /// The stored link (`campaign_links.id`) of a click; 0 for an open.
    public var linkID: Int64
    public var at: Date

    public init(campaignID: Int64, subscriberID: Int64, kind: EngagementKind, linkID: Int64 = 0, at: Date) {
        self.campaignID = campaignID
        self.subscriberID = subscriberID
        self.kind = kind
        self.linkID = linkID
        self.at = at
    }
}

/// A campaign's opens and clicks: every hit, and the subscribers who opened or clicked at least once.
public struct EngagementSummary: Sendable, Equatable, Codable {
    public var opens: Int
    public var uniqueOpens: Int
    public var clicks: Int
    public var uniqueClicks: Int

    public init(opens: Int = 0, uniqueOpens: Int = 0, clicks: Int = 0, uniqueClicks: Int = 0) {
        self.opens = opens
        self.uniqueOpens = uniqueOpens
        self.clicks = clicks
        self.uniqueClicks = uniqueClicks
    }
}

/// One hour of a campaign's opens or clicks: the hits in it, and the subscribers whose first hit of the kind it was.
public struct EngagementHour: Sendable, Equatable {
    /// The start of the hour.
    public var hour: Date
    public var kind: EngagementKind
    public var total: Int
    public var uniques: Int

    public init(hour: Date, kind: EngagementKind, total: Int, uniques: Int) {
        self.hour = hour
        self.kind = kind
        self.total = total
        self.uniques = uniques
    }
}
