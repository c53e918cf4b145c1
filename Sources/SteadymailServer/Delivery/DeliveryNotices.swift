import Foundation
import Logging
import SteadymailDomain
import SteadymailStorage

/// Sends RFC 3464 delivery status notifications to SMTP senders when their mail bounced, expired or is delayed.
///
/// It exists because an SMTP client has no other way to learn that a message it handed over failed later. Notices go
/// only to mail that came in by SMTP (or the CLI), never to the null sender, and never about a notice itself.
struct DeliveryNotices: Sendable {
    static let origin = "dsn"

    let store: any QueueStore
    let reportingMTA: String
    let wake: WakeSignal
    let logger: Logger

    func settled(_ settlements: [MessageDelivery.Settlement]) async {
        let byMessage = Dictionary(grouping: settlements, by: \.record.key.messageID)
        for (id, items) in byMessage {
            await notify(
                id: id,
                recipients: items.map { item in
                    DSNRecipient(
                        address: item.record.recipient, action: .failed,
                        status: Self.status(reply: item.transition.reply, expired: item.kind == .expired),
                        diagnostic: item.transition.reply.map { "smtp; \($0)" },
                        remoteMTA: item.transition.relay)
                })
        }
    }

    func expired(_ expired: [ExpiredRecipient]) async {
        let byMessage = Dictionary(grouping: expired, by: \.record.key.messageID)
        for (id, items) in byMessage {
            await notify(
                id: id,
                recipients: items.map { item in
                    DSNRecipient(
                        address: item.record.recipient, action: .failed, status: "4.4.7",
                        diagnostic: "x-steadymail; expired (\(item.reason))", remoteMTA: nil)
                })
        }
    }

    /// One delay notice per message for recipients still undelivered after `delivery.delay_warning`; `giveUp` says
    /// when each will expire (its deadline, or its arrival plus `delivery.max_age`).
    func delayed(_ records: [RecipientRecord], giveUp: (RecipientRecord) -> Date) async {
        let byMessage = Dictionary(grouping: records, by: \.key.messageID)
        for (id, items) in byMessage {
            await notify(
                id: id,
                recipients: items.map { record in
                    DSNRecipient(
                        address: record.recipient, action: .delayed, status: Self.delayStatus(reply: record.lastReply),
                        diagnostic: record.lastReply.map { "smtp; \($0)" }, willRetryUntil: giveUp(record))
                })
        }
    }

    private func notify(id: QueueID, recipients: [DSNRecipient]) async {
        guard !recipients.isEmpty, let detail = try? await store.message(id),
            detail.origin.hasPrefix("smtp") || detail.origin == "control",
            DeliveryStatusNotification.shouldNotify(
                originalSender: detail.sender, isNotice: detail.origin == Self.origin),
            let content = try? await store.body(of: id)
        else { return }
        let now = Date()
        let noticeID = QueueID.make(millisecondsSince1970: UInt64(now.timeIntervalSince1970 * 1000))
        let notice = DeliveryStatusNotification.build(
            reportingMTA: reportingMTA, originalEnvelopeID: id.rawValue, arrivalDate: detail.receivedAt, now: now,
            originalSender: detail.sender, recipients: recipients, originalHeaders: Self.headerBlock(content),
            messageID: "\(noticeID.rawValue)@\(reportingMTA)")
        let message = NewMessage(
            id: noticeID, sender: "", recipients: [detail.sender], priority: .transactional, deliverBy: nil,
            receivedAt: now, content: notice, origin: Self.origin, submitter: nil)
        do {
            try await store.enqueue([message])
            logger.info("notice queued", metadata: ["id": "\(noticeID)", "about": "\(id)", "to": "\(detail.sender)"])
            wake.signal()
        } catch {
            logger.error("notice not queued", metadata: ["about": "\(id)", "error": "\(error)"])
        }
    }

    /// The header section of a stored message (up to the first empty line).
    static func headerBlock(_ content: [UInt8]) -> [UInt8] {
        var index = 0
        while index + 3 < content.count {
            if content[index] == 13, content[index + 1] == 10, content[index + 2] == 13, content[index + 3] == 10 {
                return Array(content[..<(index + 2)])
            }
            index += 1
        }
        return content
    }

    /// The RFC 3463 status of a delay: the last reply's transient enhanced code when it has one, else 4.0.0.
    static func delayStatus(reply: String?) -> String {
        let words = reply?.split(separator: " ") ?? []
        if words.count > 1, words[1].split(separator: ".").count == 3, words[1].first == "4" { return String(words[1]) }
        return "4.0.0"
    }

    /// The RFC 3463 status for the notice: the reply's enhanced code when it has one.
    static func status(reply: String?, expired: Bool) -> String {
        if expired { return "4.4.7" }
        guard let reply else { return "5.0.0" }
        let words = reply.split(separator: " ")
        if words.count > 1, words[1].split(separator: ".").count == 3, words[1].first == "5" { return String(words[1]) }
        return "5.0.0"
    }
}
