import Foundation
import SteadymailDomain
import SteadymailStorage

/// Turns one rendered subscriber of a campaign into the message to queue.
///
/// It exists so that every campaign message is built one way: From the campaign's address, To the subscriber with
/// their name, the rendered subject and parts through `MessageComposer`, the headers that tie it to its campaign
/// (`X-Steadymail-Campaign`, a `List-Id`), the campaign's priority, its deadline as `deliverBy` (so the queue expires
/// what is late), the tag `campaign-<id>` that pause, resume and cancel select by, and origin `campaign <id>` (no
/// delivery status notification goes back to a campaign), and the one-click unsubscribe headers of RFC 8058
/// (`List-Unsubscribe` with the subscriber's signed link, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`).
/// With `feedback.bounce_domain` the envelope sender is the subscriber's VERP return path, so that asynchronous
/// bounces come back naming their campaign and subscriber (the From header stays the campaign's); with
/// `feedback.unsubscribe_domain` `List-Unsubscribe` also carries the mailto unsubscribe address (RFC 2369).
struct CampaignMessageBuilder: Sendable {
    let hostname: String
    var feedback: FeedbackAddresses?

    func message(
        campaign: CampaignRecord, subscriber: Subscriber, content: RenderedCampaignContent, unsubscribeURL: String,
        now: Date
    ) throws -> NewMessage {
        let settings = campaign.settings
        let id = QueueID.make(millisecondsSince1970: UInt64(now.timeIntervalSince1970 * 1000))
        let from = try Mailbox(parsing: settings.fromAddress)
        let to = try Mailbox(parsing: subscriber.email)
        let mailto = feedback?.unsubscribeMailto(campaignID: campaign.id, subscriberID: subscriber.id)
        let returnPath = feedback?.returnPath(campaignID: campaign.id, subscriberID: subscriber.id)
        let draft = MessageDraft(
            from: NamedMailbox(name: settings.fromName.isEmpty ? nil : settings.fromName, mailbox: from),
            to: [NamedMailbox(name: subscriber.name.isEmpty ? nil : subscriber.name, mailbox: to)],
            subject: content.subject, text: content.text, html: content.html,
            headers: [
                HeaderField(name: "X-Steadymail-Campaign", value: "\(campaign.id)"),
                HeaderField(name: "List-Id", value: "<\(campaign.tag).\(hostname)>"),
                HeaderField(name: "List-Unsubscribe", value: unsubscribeHeader(unsubscribeURL, mailto: mailto)),
                HeaderField(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click"),
            ], messageID: "\(id.rawValue)@\(hostname)", date: now)
        let bytes = try MessageComposer(boundaryToken: id.rawValue).compose(draft)
        return NewMessage(
            id: id, sender: returnPath ?? from.description, recipients: [to.description], priority: settings.priority,
            deliverBy: settings.deadline, receivedAt: now, content: bytes, origin: "campaign \(campaign.id)",
            submitter: nil, tags: [campaign.tag], campaignID: campaign.id, subscriberID: subscriber.id)
    }

    /// `<https link>` alone, or followed by `, <mailto:...>`.
    private func unsubscribeHeader(_ url: String, mailto: String?) -> String {
        guard let mailto else { return "<\(url)>" }
        return "<\(url)>, <\(mailto)>"
    }
}
