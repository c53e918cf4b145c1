import Foundation
import NIOCore
import SteadymailDomain
import SteadymailSMTP
import SteadymailStorage

/// One SMTP transaction of a `MessageDelivery`, and the decision it yields for each recipient.
extension MessageDelivery {
    enum Attempt {
        /// The relay lacks an extension the message needs (8BITMIME, SMTPUTF8); nothing was sent.
        case cannotCarry(reason: String, needsDowngrade: Bool)
        case relayFailed(error: String, countsTowardBreaker: Bool, poisoned: Bool)
        /// The relay said we send too fast before any recipient was answered.
        case throttled(reply: String)
        case maybeDelivered(reply: String)
        case outcomes([RecipientOutcome], relayHealthy: Bool)
    }

    enum RecipientOutcome {
        case settled(Settlement)
        case ambiguous(reply: String)
        /// A fault of the relay, with its reply to this recipient when it gave one.
        case relayLevel(reply: String?)
        /// A throttle that speaks for the relay (after DATA, or the same for every RCPT across destinations).
        case relayThrottled(reply: String)
        /// A throttle to this recipient's RCPT: its destination is sending too fast.
        case destinationThrottled(reply: String)
    }

    /// Runs one transaction on relay `name`, holding the pace slot `choose` took at `startedAt` until check-in.
    /// `destinations` is how many destinations the recipients span.
    func attempt(
        relay name: String, recipients: [RecipientRecord], content: [UInt8], destinations: Int, startedAt: Date
    ) async -> Attempt {
        guard let lease = await pool.checkout(name) else {
            return .relayFailed(error: "unknown relay", countsTowardBreaker: false, poisoned: false)
        }
        var connection = lease.connection
        if connection == nil {
            switch await RelayConnection.open(lease.endpoint, group: service.group, registry: service.channels) {
            case .opened(let opened):
                connection = opened
            case .failed(let failure):
                await pool.checkin(name, connection: nil, sent: 0, reusable: false, startedAt: startedAt, now: Date())
                if let throttle = throttleReply(failure) { return .throttled(reply: throttle) }
                return .relayFailed(error: failure.summary, countsTowardBreaker: true, poisoned: false)
            }
        }
        guard let connection else {
            await pool.checkin(name, connection: nil, sent: 0, reusable: false, startedAt: startedAt, now: Date())
            return .relayFailed(error: "no connection", countsTowardBreaker: true, poisoned: false)
        }
        let message = SMTPOutboundMessage(
            sender: recipients[0].sender, recipients: recipients.map(\.recipient), content: ByteBuffer(bytes: content))
        let event = await connection.send(message)
        switch event {
        case .delivered(let outcome):
            await pool.checkin(
                name, connection: connection, sent: lease.sent + 1, reusable: true, startedAt: startedAt, now: Date())
            return classify(outcome, relay: name, recipients: recipients, destinations: destinations)
        case .failed(let failure):
            await pool.checkin(
                name, connection: connection, sent: lease.sent + 1, reusable: false, startedAt: startedAt, now: Date())
            if let throttle = throttleReply(failure) { return .throttled(reply: throttle) }
            let observation = DeliveryObservation(
                failure: failure, recipients: recipients.count, domains: Self.domains(recipients).count)
            switch DeliveryFailureClassifier.classify(observation) {
            case .maybeDelivered:
                return .maybeDelivered(reply: failure.summary)
            case .poisonCandidate:
                return .relayFailed(error: failure.summary, countsTowardBreaker: false, poisoned: true)
            default:
                return .relayFailed(error: failure.summary, countsTowardBreaker: true, poisoned: false)
            }
        case .ready:
            await pool.checkin(
                name, connection: connection, sent: lease.sent, reusable: true, startedAt: startedAt, now: Date())
            return .relayFailed(error: "session not ready", countsTowardBreaker: false, poisoned: false)
        }
    }

    /// The summary of a session failure that is a throttling reply, or nil.
    private func throttleReply(_ failure: SMTPSessionFailure) -> String? {
        guard case .reply(let reply) = failure.kind, isThrottle(reply) else { return nil }
        return failure.summary
    }

    private func isThrottle(_ reply: SMTPClientReply) -> Bool {
        service.throttles.isThrottle(code: reply.code, enhanced: reply.enhancedStatus, text: reply.text)
    }

    /// Turns one completed transaction into a decision per recipient.
    private func classify(
        _ outcome: SMTPTransactionOutcome, relay: String, recipients: [RecipientRecord], destinations: Int
    ) -> Attempt {
        let now = Date()
        switch outcome.localRefusal {
        case .eightBitMIMENotOffered?:
            return .cannotCarry(reason: SMTPLocalRefusal.eightBitMIMENotOffered.reply.description, needsDowngrade: true)
        case .smtputf8NotOffered?:
            return .cannotCarry(reason: SMTPLocalRefusal.smtputf8NotOffered.reply.description, needsDowngrade: false)
        default:
            break
        }
        let decisive = recipients.indices.map { outcome.decisiveReply(forRecipientAt: $0) }
        let failed = decisive.compactMap { $0 }.filter { !$0.isPositive }
        let sameForAll = failed.count == recipients.count && Set(failed.map(\.description)).count == 1
        let domains = Self.domains(recipients).count
        var outcomes: [RecipientOutcome] = []
        var relayHealthy = false
        for (index, record) in recipients.enumerated() {
            guard let reply = decisive[index] else {
                outcomes.append(.relayLevel(reply: nil))
                continue
            }
            if reply.isPositive {
                relayHealthy = true
                outcomes.append(.settled(delivered(record, relay: relay, reply: reply.description, now: now)))
                continue
            }
            let rcptReply = index < outcome.recipientReplies.count ? outcome.recipientReplies[index] : nil
            let stage: DeliveryStage
            if let rcptReply, !rcptReply.isPositive {
                stage = .rcpt
            } else if outcome.dataReply != nil {
                stage = .dataEnd
            } else {
                stage = outcome.failedStage.map(DeliveryStage.init) ?? .mail
            }
            if stage == .rcpt && !sameForAll { relayHealthy = true }
            if isThrottle(reply) {
                // One destination's RCPTs speak for that destination; anything else for the relay.
                let forDestination = stage == .rcpt && !(sameForAll && destinations >= 2)
                outcomes.append(
                    forDestination
                        ? .destinationThrottled(reply: reply.description) : .relayThrottled(reply: reply.description))
                continue
            }
            let observation = DeliveryObservation(
                stage: stage, kind: .reply(code: reply.code, enhanced: reply.enhancedStatus, text: reply.text),
                recipientsInTransaction: recipients.count, sameReplyForAllRecipients: sameForAll,
                distinctRecipientDomains: domains)
            switch DeliveryFailureClassifier.classify(observation) {
            case .recipientTemporary, .maybeDelivered, .poisonCandidate:
                outcomes.append(.settled(deferral(record, relay: relay, reply: reply.description, note: nil, now: now)))
            case .recipientPermanent, .messageLevelPermanent:
                outcomes.append(.settled(bounce(record, relay: relay, reply: reply.description, now: now)))
            case .ambiguousPermanent:
                outcomes.append(.ambiguous(reply: reply.description))
            case .relayLevel:
                outcomes.append(.relayLevel(reply: reply.description))
            }
        }
        return .outcomes(outcomes, relayHealthy: relayHealthy)
    }
}
