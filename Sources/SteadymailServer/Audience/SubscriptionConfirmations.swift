import Foundation
import SteadymailDomain
import SteadymailStorage

/// Double opt-in: queues the confirmation mail of a new subscription to a double opt-in list, and confirms the
/// subscription when its signed link is followed.
///
/// It exists so that the API, the CLI and the public listener share one rule: the mail is composed like an API
/// message (`MessageComposer`), queued through `IntakePipeline` with transactional priority and the tag
/// `steadymail-confirmation`, and carries `<public_url>/subscription/confirm/<token>`, a `LinkSigner` token for the
/// purpose `confirm` naming the subscriber and the list, valid for `lists.confirmation_ttl`.
public struct SubscriptionConfirmations: Sendable {
    static let tag = "steadymail-confirmation"
    static let origin = "lists"

    let store: any QueueStore
    let pipeline: IntakePipeline
    let signer: LinkSigner
    /// `http.public_url`; nil when neither it nor `http.public_listen` is set.
    let publicURL: String?
    let from: Mailbox
    let subject: String
    let ttl: Duration

    /// What following a link did.
    public enum Outcome: Sendable, Equatable {
        /// The subscription is confirmed (now or before), on the list named.
        case confirmed(list: String)
        /// The token is forged, edited, truncated, for another purpose, or expired.
        case invalid(LinkSigner.Refusal)
        /// The token is genuine but its subscription is gone or was left.
        case gone
    }

    /// The link that confirms `subscriberID` on `listID`.
    func link(subscriberID: Int64, listID: Int64, now: Date) throws(AudienceError) -> String {
        guard let publicURL else {
            throw .unavailable("double opt-in needs http.public_url or http.public_listen for its confirmation link")
        }
        let token = signer.token(.confirm, ids: [subscriberID, listID], expires: now + ttl.timeInterval)
        return "\(publicURL)/subscription/confirm/\(token)"
    }

    /// Queues the confirmation mail for `subscriber` on `list`.
    func send(to subscriber: Subscriber, list: MailingList, now: Date) async throws {
        let link = try link(subscriberID: subscriber.id, listID: list.id, now: now)
        let recipient = try Mailbox(parsing: subscriber.email)
        let id = QueueID.make(millisecondsSince1970: UInt64(now.timeIntervalSince1970 * 1000))
        let draft = MessageDraft(
            from: NamedMailbox(mailbox: from),
            to: [NamedMailbox(name: subscriber.name.isEmpty ? nil : subscriber.name, mailbox: recipient)],
            subject: subject, text: Self.text(list: list, link: link), html: Self.html(list: list, link: link),
            messageID: "\(id.rawValue)@\(pipeline.hostname)", date: now)
        let content = try MessageComposer(boundaryToken: id.rawValue).compose(draft)
        let request = IntakeRequest(
            id: id, sender: from.description, recipients: [recipient.description], content: content,
            trace: IntakeRewriter.Trace(
                heloName: "lists", clientAddress: "127.0.0.1", protocolName: "local",
                singleRecipient: recipient.description),
            origin: Self.origin, interface: .control, submitter: nil, priority: .transactional, tags: [Self.tag])
        try await pipeline.commit([try pipeline.prepare(request, now: now)])
    }

    /// Confirms the subscription a token names.
    public func confirm(token: String, now: Date) async throws -> Outcome {
        let claims: LinkSigner.Claims
        do {
            claims = try signer.verify(token, purpose: .confirm, now: now)
        } catch {
            return .invalid(error)
        }
        guard claims.ids.count == 2 else { return .invalid(.malformed) }
        guard try await store.confirmSubscription(subscriberID: claims.ids[0], listID: claims.ids[1], now: now),
            let subscription = try await store.subscriptions(of: claims.ids[0]).first(where: {
                $0.listID == claims.ids[1]
            })
        else { return .gone }
        return .confirmed(list: subscription.listName)
    }

    /// Whether a token is genuine and unexpired, without confirming anything (the page a GET shows).
    public func check(token: String, now: Date) -> LinkSigner.Refusal? {
        do {
            _ = try signer.verify(token, purpose: .confirm, now: now)
            return nil
        } catch {
            return error
        }
    }

    static func text(list: MailingList, link: String) -> String {
        """
        Please confirm that you want to receive the list "\(list.name)".

        Open this link to confirm:
        \(link)

        If you did not ask for this, ignore this message: you will not be subscribed.
        """
    }

    static func html(list: MailingList, link: String) -> String {
        let name = HTMLText.escape(list.name)
        let href = HTMLText.escape(link)
        return """
            <!DOCTYPE html>
            <html><body>
            <p>Please confirm that you want to receive the list &quot;\(name)&quot;.</p>
            <p><a href="\(href)">Confirm my subscription</a></p>
            <p>If you did not ask for this, ignore this message: you will not be subscribed.</p>
            </body></html>
            """
    }
}
