import Foundation
import SteadymailDomain
import SteadymailStorage

/// What `steadymail webhook add` and `remove` send: the new subscription, or the id of one to remove.
public struct WebhookRequest: Codable, Sendable, Equatable {
    public var url: String?
    public var events: [String]?
    public var description: String?
    public var id: String?

    public init(url: String? = nil, events: [String]? = nil, description: String? = nil, id: String? = nil) {
        self.url = url
        self.events = events
        self.description = description
        self.id = id
    }
}

/// A webhook subscription as `steadymail webhook list` shows it: never its secret, with the state of its outbox.
public struct WebhookView: Codable, Sendable, Equatable {
    public var id: String
    public var url: String
    public var events: [String]
    public var description: String?
    public var createdAt: String
    /// Events owed to it and not yet acknowledged or given up.
    public var pending: Int
    public var delivered: Int
    /// Events given up after `webhooks.max_age`.
    public var failed: Int

    init(_ record: WebhookRecord, counts: WebhookDeliveryCounts = WebhookDeliveryCounts()) {
        self.id = record.id
        self.url = record.url
        self.events = record.events.map(\.rawValue)
        self.description = record.description
        self.createdAt = InternetDate.rfc3339(record.createdAt)
        self.pending = counts.pending
        self.delivered = counts.delivered
        self.failed = counts.failed
    }

    enum CodingKeys: String, CodingKey {
        case id, url, events, description, pending, delivered, failed
        case createdAt = "created_at"
    }
}
