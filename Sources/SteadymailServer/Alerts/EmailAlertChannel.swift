import Foundation
import SteadymailDomain

/// An alert channel of kind `email`: a plain-text message to the operator, queued through Steadymail's own intake.
///
/// It exists so that the operator hears about an outage even when chat is down too. The message is composed like an
/// API message (`MessageComposer`) and goes through `IntakePipeline` with transactional priority, origin `alerts` and
/// the tag `steadymail-alert`: it is durable once queued, and the normal delivery path sends it, which already skips a
/// relay whose circuit is open, so the alert about a failing relay leaves through another one where one exists. The
/// envelope sender is the `From` address (`steadymail@<smtp.hostname>` by default) rather than `<>`: relays and
/// receivers treat the null sender as a bounce, and some refuse it for anything else.
struct EmailAlertChannel: AlertChannel {
    static let origin = "alerts"
    static let tag = "steadymail-alert"

    let name: String
    let pipeline: IntakePipeline
    let from: Mailbox
    let to: Mailbox

    /// Queues the message; `timeout` does not apply (nothing leaves the node here, and the store's busy timeout
    /// bounds the commit).
    func deliver(_ alert: Alert, timeout: Duration) async throws {
        let now = Date()
        let id = QueueID.make(millisecondsSince1970: UInt64(now.timeIntervalSince1970 * 1000))
        let draft = MessageDraft(
            from: NamedMailbox(name: "Steadymail", mailbox: from), to: [NamedMailbox(mailbox: to)],
            subject: "[steadymail] " + Self.oneLine(alert.summary, limit: 200), text: AlertPayload.text(for: alert),
            html: nil, messageID: "\(id.rawValue)@\(pipeline.hostname)", date: now)
        let content: [UInt8]
        do {
            content = try MessageComposer(boundaryToken: id.rawValue).compose(draft)
        } catch {
            throw AlertDeliveryError("cannot compose the alert message: \(error)")
        }
        let request = IntakeRequest(
            id: id, sender: from.description, recipients: [to.description], content: content,
            trace: IntakeRewriter.Trace(
                heloName: "alerts", clientAddress: "127.0.0.1", protocolName: "local",
                singleRecipient: to.description),
            origin: Self.origin, interface: .alerts, submitter: nil, priority: .transactional, tags: [Self.tag])
        do throws(IntakeFailure) {
            try await pipeline.commit([try pipeline.prepare(request, now: now)])
        } catch {
            throw AlertDeliveryError("cannot queue the alert message: \(error)")
        }
    }

    /// `text` without control characters (a probe's message may carry a remote server's reply), cut to `limit`.
    static func oneLine(_ text: String, limit: Int) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? " " : scalar) }
        let flat = String(scalars)
        return flat.count <= limit ? flat : String(flat.prefix(limit - 1)) + "…"
    }
}
