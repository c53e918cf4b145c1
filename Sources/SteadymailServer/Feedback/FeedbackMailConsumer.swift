import Foundation
import Logging
import SteadymailDomain
import SteadymailStorage

/// The local mail consumer for the feedback domains: DSNs and ARF reports to the VERP return path
/// `bounces+<token>@<feedback.bounce_domain>`, feedback-loop reports to any other address there (`fbl@`, `abuse@`),
/// and mail to the mailto unsubscribe address `unsubscribe+<token>@<feedback.unsubscribe_domain>`; every other local
/// recipient goes on to the consumer it wraps.
///
/// It exists so that what comes back by SMTP reaches the `FeedbackSink` as events tied to a verified campaign and
/// subscriber, and nothing else does: a token that does not verify is logged and changes nothing, a DSN is counted
/// only for the recipient the token names (a DSN about another address is ignored), and a DSN that reports delay or
/// success is no bounce. It only reads and verifies; what an event changes is the sink's decision.
struct FeedbackMailConsumer: LocalMailConsumer {
    let addresses: FeedbackAddresses
    let links: UnsubscribeLinks
    let store: any QueueStore
    let sink: any FeedbackSink
    let next: any LocalMailConsumer
    let logger: Logger
    var limits = ReportLimits()
    var clock: @Sendable () -> Date = { Date() }

    func consume(id: QueueID, sender: String, recipients: [String], content: [UInt8]) async {
        var others: [String] = []
        for recipient in recipients {
            switch addresses.classify(recipient) {
            case .other: others.append(recipient)
            case .verp(let token): await bounce(token: token, id: id, content: content)
            case .bounceDomain: await loopReport(id: id, recipient: recipient, content: content)
            case .unsubscribe(let token): await unsubscribe(token: token, id: id)
            }
        }
        if !others.isEmpty { await next.consume(id: id, sender: sender, recipients: others, content: content) }
    }

    /// Mail to a VERP return path: a DSN about the subscriber the token names, or an ARF report sent there.
    private func bounce(token: String, id: QueueID, content: [UInt8]) async {
        let claims: FeedbackToken.Claims
        do {
            claims = try addresses.tokens.verify(token, purpose: .bounce)
        } catch {
            logger.warning(
                "bounce mail with an invalid token ignored", metadata: ["id": "\(id)", "reason": "\(error)"])
            return
        }
        guard let subscriber = await subscriber(claims.subscriberID, id: id) else { return }
        if let report = DeliveryStatusReport.parse(content, limits: limits) {
            await record(report, claims: claims, subscriber: subscriber, id: id)
        } else if let report = FeedbackReport.parse(content, limits: limits) {
            await complain(report, target: FeedbackTarget(claims: claims, email: subscriber.email), id: id)
        } else {
            logger.info(
                "bounce mail that is no delivery status or feedback report ignored",
                metadata: ["id": "\(id)", "campaign": "\(claims.campaignID)", "subscriber": "\(claims.subscriberID)"])
        }
    }

    private func record(
        _ report: DeliveryStatusReport, claims: FeedbackToken.Claims, subscriber: Subscriber, id: QueueID
    ) async {
        let email = subscriber.email.lowercased()
        let ours = report.bounces.filter {
            $0.recipient.finalRecipient.lowercased() == email || $0.recipient.originalRecipient?.lowercased() == email
        }
        if ours.isEmpty {
            logger.info(
                "delivery status notification without a failure for its subscriber ignored",
                metadata: [
                    "id": "\(id)", "campaign": "\(claims.campaignID)", "subscriber": "\(claims.subscriberID)",
                    "reported":
                        "\(report.recipients.map { "\($0.finalRecipient) \($0.action)" }.joined(separator: ","))",
                ])
        }
        for bounce in ours {
            let status = bounce.recipient.status ?? bounce.recipient.replyCode.map(String.init)
            await deliver(
                FeedbackEvent(
                    kind: bounce.kind, source: .dsn, email: subscriber.email, campaignID: claims.campaignID,
                    subscriberID: claims.subscriberID, status: status,
                    detail: bounce.recipient.diagnostic, at: clock(),
                    dedupeKey: "dsn:\(claims.campaignID):\(claims.subscriberID):\(status ?? "")"), id: id)
        }
    }

    /// Mail to another address at the bounce domain: an ARF report from a feedback loop.
    private func loopReport(id: QueueID, recipient: String, content: [UInt8]) async {
        guard let report = FeedbackReport.parse(content, limits: limits) else {
            logger.info(
                "mail to the bounce domain that is no feedback report ignored",
                metadata: ["id": "\(id)", "rcpt": "\(recipient)"])
            return
        }
        guard let target = await target(of: report) else {
            logger.warning(
                "feedback report that names no campaign message of ours ignored",
                metadata: ["id": "\(id)", "type": "\(report.feedbackType)"])
            return
        }
        await complain(report, target: target, id: id)
    }

    private func complain(_ report: FeedbackReport, target: FeedbackTarget, id: QueueID) async {
        guard report.isComplaint else {
            logger.info(
                "feedback report that is no complaint ignored",
                metadata: ["id": "\(id)", "type": "\(report.feedbackType)"])
            return
        }
        let who = target.subscriberID.map(String.init) ?? target.email.lowercased()
        await deliver(
            FeedbackEvent(
                kind: .complaint, source: .arf, email: target.email, campaignID: target.campaignID,
                subscriberID: target.subscriberID, detail: report.userAgent.map { "\(report.feedbackType) from \($0)" },
                at: clock(), dedupeKey: "arf:\(target.campaignID.map(String.init) ?? ""):\(who)"), id: id)
    }

    /// Mail to the mailto unsubscribe address.
    private func unsubscribe(token: String, id: QueueID) async {
        let claims: FeedbackToken.Claims
        do {
            claims = try addresses.tokens.verify(token, purpose: .unsubscribe)
        } catch {
            logger.warning(
                "unsubscribe mail with an invalid token ignored", metadata: ["id": "\(id)", "reason": "\(error)"])
            return
        }
        guard let subscriber = await subscriber(claims.subscriberID, id: id) else { return }
        await deliver(
            FeedbackEvent(
                kind: .unsubscribe, source: .mailto, email: subscriber.email, campaignID: claims.campaignID,
                subscriberID: claims.subscriberID, at: clock(),
                dedupeKey: "mailto:\(claims.campaignID):\(claims.subscriberID)"), id: id)
    }

    func subscriber(_ subscriberID: Int64, id: QueueID) async -> Subscriber? {
        do {
            if let found = try await store.subscriber(id: subscriberID) { return found }
            logger.info(
                "feedback about a deleted subscriber ignored",
                metadata: ["id": "\(id)", "subscriber": "\(subscriberID)"])
        } catch {
            logger.error("feedback not read: the store failed", metadata: ["id": "\(id)", "error": "\(error)"])
        }
        return nil
    }

    private func deliver(_ event: FeedbackEvent, id: QueueID) async {
        do {
            let result = try await sink.record(event)
            logger.info(
                "feedback mail recorded",
                metadata: [
                    "id": "\(id)", "kind": "\(event.kind.rawValue)", "source": "\(event.source.rawValue)",
                    "email": "\(event.email)", "result": "\(result)",
                ])
        } catch {
            logger.error(
                "feedback mail not recorded", metadata: ["id": "\(id)", "email": "\(event.email)", "error": "\(error)"])
        }
    }
}

/// Whom a complaint is about: the campaign and subscriber when a token names them, at least the address.
struct FeedbackTarget: Equatable {
    var campaignID: Int64?
    var subscriberID: Int64?
    var email: String

    init(campaignID: Int64?, subscriberID: Int64?, email: String) {
        self.campaignID = campaignID
        self.subscriberID = subscriberID
        self.email = email
    }

    init(claims: FeedbackToken.Claims, email: String) {
        self.init(campaignID: claims.campaignID, subscriberID: claims.subscriberID, email: email)
    }
}
