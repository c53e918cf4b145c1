import Foundation
import SteadymailDomain
import SteadymailStorage

/// A list as `steadymail lists` and `GET /v1/lists` show it: settings and subscriber counts by subscription status.
public struct MailingListView: Codable, Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var optIn: OptIn
    public var description: String
    public var createdAt: String
    public var subscribers: Sizes

    /// Subscriptions of the list by status.
    public struct Sizes: Codable, Sendable, Equatable {
        public var unconfirmed: Int
        public var confirmed: Int
        public var unsubscribed: Int
    }

    init(_ list: MailingList, sizes: [SubscriptionStatus: Int]) {
        id = list.id
        name = list.name
        optIn = list.optIn
        description = list.description
        createdAt = InternetDate.rfc3339(list.createdAt)
        subscribers = Sizes(
            unconfirmed: sizes[.unconfirmed] ?? 0, confirmed: sizes[.confirmed] ?? 0,
            unsubscribed: sizes[.unsubscribed] ?? 0)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, description, subscribers
        case optIn = "optin"
        case createdAt = "created_at"
    }
}

/// A subscriber as the CLI and the API show them, with their subscriptions when asked for one subscriber.
public struct SubscriberView: Codable, Sendable, Equatable {
    public var id: Int64
    public var email: String
    public var name: String
    public var status: SubscriberStatus
    public var attributes: [String: JSONValue]
    public var createdAt: String
    public var updatedAt: String
    public var subscriptions: [SubscriptionView]?

    init(_ subscriber: Subscriber, subscriptions: [Subscription]? = nil) {
        id = subscriber.id
        email = subscriber.email
        name = subscriber.name
        status = subscriber.status
        attributes = subscriber.attributes
        createdAt = InternetDate.rfc3339(subscriber.createdAt)
        updatedAt = InternetDate.rfc3339(subscriber.updatedAt)
        self.subscriptions = subscriptions?.map(SubscriptionView.init)
    }

    enum CodingKeys: String, CodingKey {
        case id, email, name, status, attributes, subscriptions
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// One subscriber's standing on one list.
public struct SubscriptionView: Codable, Sendable, Equatable {
    public var list: String
    public var status: SubscriptionStatus
    public var createdAt: String
    public var updatedAt: String

    init(_ subscription: Subscription) {
        list = subscription.listName
        status = subscription.status
        createdAt = InternetDate.rfc3339(subscription.createdAt)
        updatedAt = InternetDate.rfc3339(subscription.updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case list, status
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// Everything Steadymail keeps about one address, for a data subject's access request (GDPR art. 15): the profile
/// with its subscriptions, the suppression entry when there is one, and the mail in the queue's history sent to the
/// address (newest first, at most `Audience.exportedMessages`).
public struct SubscriberExport: Codable, Sendable, Equatable {
    public var exportedAt: String
    public var subscriber: SubscriberView
    public var suppression: SuppressionEntry?
    public var messages: [MessageToAddress]

    /// One message of the queue's history with the address among its recipients.
    public struct MessageToAddress: Codable, Sendable, Equatable {
        public var id: String
        public var sender: String
        public var receivedAt: String
        public var tags: [String]
        /// The state of the address's own recipient entry.
        public var state: String

        enum CodingKeys: String, CodingKey {
            case id, sender, tags, state
            case receivedAt = "received_at"
        }
    }

    /// The address's suppression entry (the address itself is the subscriber's).
    public struct SuppressionEntry: Codable, Sendable, Equatable {
        public var reason: String
        public var note: String?
        public var createdAt: String

        enum CodingKeys: String, CodingKey {
            case reason, note
            case createdAt = "created_at"
        }
    }

    init(subscriber: SubscriberView, suppression: Suppression?, messages: [MessageSummary], now: Date) {
        exportedAt = InternetDate.rfc3339(now)
        self.subscriber = subscriber
        self.messages = messages.map { message in
            MessageToAddress(
                id: message.id.rawValue, sender: message.sender, receivedAt: InternetDate.rfc3339(message.receivedAt),
                tags: message.tags,
                state: message.recipients.first { $0.address.lowercased() == subscriber.email }?.state.rawValue
                    ?? "unknown")
        }
        self.suppression = suppression.map {
            SuppressionEntry(reason: $0.reason.rawValue, note: $0.note, createdAt: InternetDate.rfc3339($0.createdAt))
        }
    }

    enum CodingKeys: String, CodingKey {
        case subscriber, suppression, messages
        case exportedAt = "exported_at"
    }
}

/// What subscribing a known subscriber to more lists did, as `POST /v1/subscribers/{email}/subscriptions` and
/// `steadymail subscriber subscribe --json` show it: the subscriber with their subscriptions, and how many
/// confirmation mails were queued (a new subscription to a double opt-in list queues one).
public struct SubscribedView: Codable, Sendable, Equatable {
    public var subscriber: SubscriberView
    public var confirmationsQueued: Int

    public init(subscriber: SubscriberView, confirmationsQueued: Int) {
        self.subscriber = subscriber
        self.confirmationsQueued = confirmationsQueued
    }

    enum CodingKeys: String, CodingKey {
        case subscriber
        case confirmationsQueued = "confirmations_queued"
    }
}
