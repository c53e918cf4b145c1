import Foundation

/// One piece of feedback about one recipient, as every source reports it to the feedback processor.
///
/// It exists so that parsers (DSN, ARF, provider webhooks) and the delivery path hand over the same value, and the
/// processor alone decides what it changes: the suppression list, the subscriber's status, the campaign's counts and
/// the reputation guard's rates.
public struct FeedbackEvent: Sendable, Equatable {
    public var kind: FeedbackKind
    public var source: FeedbackSource
    /// The recipient's address as reported (the processor normalises it).
    public var email: String
    /// The campaign the mail belonged to, when the source names it (a verified VERP or link token, or our message id).
    public var campaignID: Int64?
    /// The subscriber, when a verified token names them.
    public var subscriberID: Int64?
    /// The queue id of the message the feedback is about, when known.
    public var messageID: QueueID?
    /// The relay that carried the message, when known.
    public var relay: String?
    /// The enhanced status code (`5.1.1`) or reply code the report gives.
    public var status: String?
    /// The remote's diagnostic text or the provider's description, for people.
    public var detail: String?
    public var at: Date
    /// A key that is the same for a report received twice (a DSN resent, a webhook retried): the second is ignored.
    public var dedupeKey: String?

    public init(
        kind: FeedbackKind, source: FeedbackSource, email: String, campaignID: Int64? = nil,
        subscriberID: Int64? = nil, messageID: QueueID? = nil, relay: String? = nil, status: String? = nil,
        detail: String? = nil, at: Date, dedupeKey: String? = nil
    ) {
        self.kind = kind
        self.source = source
        self.email = email
        self.campaignID = campaignID
        self.subscriberID = subscriberID
        self.messageID = messageID
        self.relay = relay
        self.status = status
        self.detail = detail
        self.at = at
        self.dedupeKey = dedupeKey
    }
}
