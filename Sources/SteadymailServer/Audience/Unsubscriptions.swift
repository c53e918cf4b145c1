import Foundation
import SteadymailDomain
import SteadymailStorage

/// Carries out a one-click unsubscribe (RFC 8058): the subscriber a genuine `unsubscribe` token names gets the status
/// `unsubscribed` and their address a suppression with the reason `unsubscribe`, through the feedback processor (an
/// `unsubscribe` event from the `link` source, once per campaign and subscriber), so unsubscribes count per campaign.
///
/// It exists so that the public listener's POST and anything else that unsubscribes by token share one rule. Both
/// marks are set: the status stops the campaign runner from picking the subscriber, and the suppression stops every
/// campaign (also from a re-import under another list) and the claim-time check of messages already queued. An address
/// suppressed for a stronger reason (a hard bounce, a complaint) keeps that reason.
public struct Unsubscriptions: Sendable {
    let store: any QueueStore
    let links: UnsubscribeLinks
    let feedback: any FeedbackSink

    /// What following an unsubscribe link did.
    public enum Outcome: Sendable, Equatable {
        /// The address is unsubscribed (now or before).
        case unsubscribed(email: String)
        /// The token is forged, edited, truncated or for another purpose.
        case invalid(LinkSigner.Refusal)
        /// The token is genuine but its subscriber was deleted.
        case gone
    }

    public init(store: any QueueStore, links: UnsubscribeLinks, feedback: any FeedbackSink) {
        self.store = store
        self.links = links
        self.feedback = feedback
    }

    /// Unsubscribes the subscriber a token names.
    public func unsubscribe(token: String, now: Date) async throws -> Outcome {
        let target: UnsubscribeLinks.Target
        do {
            target = try links.verify(token, now: now)
        } catch {
            return .invalid(error)
        }
        guard let subscriber = try await store.subscriber(id: target.subscriberID) else { return .gone }
        // A second click is a duplicate event: the first one's effects stand.
        _ = try await feedback.record(
            FeedbackEvent(
                kind: .unsubscribe, source: .link, email: subscriber.email, campaignID: target.campaignID,
                subscriberID: subscriber.id, at: now,
                dedupeKey: "link:\(target.campaignID):\(subscriber.id)"))
        return .unsubscribed(email: subscriber.email)
    }

    /// Whether a token is genuine, without unsubscribing anyone (the page a GET shows).
    public func check(token: String, now: Date) -> LinkSigner.Refusal? {
        do {
            _ = try links.verify(token, now: now)
            return nil
        } catch {
            return error
        }
    }
}
