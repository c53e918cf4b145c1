import Foundation
import Logging
import SteadymailDomain
import SteadymailStorage

/// The feedback sink that acts: it places each report (campaign, subscriber, relay), stores it once, and applies its
/// effects on the suppression list and the subscriber's status.
///
/// It exists so that every source of feedback (the delivery path, DSN and ARF mail, provider webhooks, unsubscribe
/// links and mailto) ends in one set of rules: a hard bounce suppresses the address (`hard-bounce`) and makes the
/// subscriber `bounced`; soft bounces make the subscriber `bounced` at `feedback.soft_bounce_limit` distinct
/// campaigns (`SoftBounceRule`); a complaint suppresses (`complaint`, which wins over every other reason) and
/// unsubscribes; an unsubscribe unsubscribes and suppresses (`unsubscribe`) unless a stronger reason is there. An
/// event is stored unprocessed and marked processed once its effects are applied, so `drain` finishes whatever a
/// crash or a failed write left (and the events the store wrote itself for synchronous bounces).
public struct FeedbackProcessor: FeedbackSink {
    let store: any QueueStore
    let softBounces: SoftBounceRule
    let metrics: SteadymailMetrics?
    let logger: Logger

    public init(
        store: any QueueStore, softBounceLimit: Int, metrics: SteadymailMetrics? = nil, logger: Logger
    ) {
        self.store = store
        self.softBounces = SoftBounceRule(limit: softBounceLimit)
        self.metrics = metrics
        self.logger = logger
    }

    public func record(_ event: FeedbackEvent) async throws -> FeedbackResult {
        let placed: FeedbackEvent
        switch try await place(event) {
        case .placed(let value): placed = value
        case .ignored(let reason):
            logger.info(
                "feedback ignored",
                metadata: [
                    "kind": "\(event.kind.rawValue)", "source": "\(event.source.rawValue)", "reason": "\(reason)",
                ])
            return .ignored(reason)
        }
        guard let id = try await store.insertFeedback(placed) else { return .duplicate }
        metrics?.feedback(kind: placed.kind, source: placed.source)
        try await act(on: placed)
        try await store.markFeedbackProcessed(ids: [id])
        logger.info(
            "feedback recorded",
            metadata: [
                "kind": "\(placed.kind.rawValue)", "source": "\(placed.source.rawValue)", "email": "\(placed.email)",
                "campaign": "\(placed.campaignID.map(String.init) ?? "none")",
            ])
        return .recorded
    }

    /// Applies the effects of every stored event not processed yet (at most `limit` per call); returns how many.
    @discardableResult
    public func drain(limit: Int = 500) async throws -> Int {
        let pending = try await store.unprocessedFeedback(limit: limit)
        for stored in pending {
            if stored.event.source == .delivery { metrics?.feedback(kind: stored.event.kind, source: .delivery) }
            try await act(on: stored.event)
            try await store.markFeedbackProcessed(ids: [stored.id])
        }
        return pending.count
    }

    enum Placement {
        case placed(FeedbackEvent)
        case ignored(String)
    }

    /// Fills in what the event leaves out (campaign, subscriber and relay from the message; the subscriber by address)
    /// and refuses reports about mail we never sent.
    func place(_ event: FeedbackEvent) async throws -> Placement {
        var placed = event
        if let messageID = event.messageID, event.campaignID == nil || event.subscriberID == nil,
            let origin = try await store.messageOrigin(messageID)
        {
            placed.campaignID = placed.campaignID ?? origin.campaignID
            placed.subscriberID = placed.subscriberID ?? origin.subscriberID
            placed.relay = placed.relay ?? origin.relay
        }
        // A person's own request to stop (a link or a mailto, both signed by us) is honoured whatever the ledger says.
        let request = event.source == .link || event.source == .mailto
        if !request, let campaign = placed.campaignID, let subscriber = placed.subscriberID,
            try await !store.campaignMessageSent(campaign: campaign, subscriber: subscriber)
        {
            return .ignored("never mailed")
        }
        var subscriber: Subscriber?
        if let id = placed.subscriberID {
            subscriber = try await store.subscriber(id: id)
        }
        let reported = try? SubscriberEmail.normalised(event.email)
        if subscriber == nil, let reported {
            subscriber = try await store.subscriber(email: reported)
        }
        guard let email = subscriber?.email ?? reported else { return .ignored("invalid address") }
        placed.email = email
        placed.subscriberID = subscriber?.id ?? placed.subscriberID
        return .placed(placed)
    }

    /// The event's effects on the suppression list and the subscriber's status; applying them twice changes nothing.
    func act(on event: FeedbackEvent) async throws {
        let note = [event.source.rawValue, event.campaignID.map { "campaign \($0)" }].compactMap(\.self)
            .joined(separator: " ")
        switch event.kind {
        case .hardBounce: try await suppress(event.email, reason: .hardBounce, note: note, at: event.at)
        case .complaint: try await suppress(event.email, reason: .complaint, note: note, at: event.at)
        case .unsubscribe: try await suppress(event.email, reason: .unsubscribe, note: note, at: event.at)
        case .softBounce: break
        }
        let subscriber: Subscriber?
        if let id = event.subscriberID {
            subscriber = try await store.subscriber(id: id)
        } else {
            subscriber = try await store.subscriber(email: event.email)
        }
        guard let subscriber else { return }
        var softLimitReached = false
        if event.kind == .softBounce {
            let campaigns = try await store.softBounceCampaigns(subscriber: subscriber.id, email: subscriber.email)
            softLimitReached = softBounces.marksBounced(distinctCampaigns: campaigns)
        }
        if let status = FeedbackStatusRule.status(
            after: event.kind, current: subscriber.status, softLimitReached: softLimitReached)
        {
            _ = try await store.setSubscriberStatus(id: subscriber.id, status: status, now: event.at)
        }
    }

    private func suppress(_ email: String, reason: SuppressionReason, note: String, at: Date) async throws {
        let existing = try await store.suppression(email: email)
        guard SuppressionPrecedence.replaces(existing?.reason, with: reason) else { return }
        try await store.suppress(Suppression(email: email, reason: reason, note: note, createdAt: at))
    }
}
