import Foundation
import SteadymailStorage

/// The outcomes a `MessageDelivery` records for its recipients, and recording them.
extension MessageDelivery {
    /// One recipient's final word from this delivery run.
    struct Settlement {
        var transition: RecipientTransition
        var record: RecipientRecord
        var kind: DeliveryOutcomeKind
    }

    func delivered(_ record: RecipientRecord, relay: String, reply: String, now: Date) -> Settlement {
        Settlement(
            transition: RecipientTransition(key: record.key, to: .delivered, at: now, relay: relay, reply: reply),
            record: record, kind: .sent)
    }

    func bounce(_ record: RecipientRecord, relay: String, reply: String, now: Date) -> Settlement {
        Settlement(
            transition: RecipientTransition(key: record.key, to: .bounced, at: now, relay: relay, reply: reply),
            record: record, kind: .bounced)
    }

    /// A retry later that spends the attempt (backoff with full jitter), or expiry when the deadline has passed.
    func deferral(
        _ record: RecipientRecord, relay: String? = nil, reply: String? = nil, note: String?, now: Date
    ) -> Settlement {
        if let reason = service.expiry.isExpired(receivedAt: record.receivedAt, deliverBy: record.deliverBy, now: now) {
            return Settlement(
                transition: RecipientTransition(
                    key: record.key, to: .expired, at: now, relay: relay, reply: reply, note: reason.rawValue),
                record: record, kind: .expired)
        }
        var generator = SystemRandomNumberGenerator()
        let delay = service.retry.delay(forAttempt: max(1, record.attempts), using: &generator)
        return Settlement(
            transition: RecipientTransition(
                key: record.key, to: .deferred, at: now, nextAttemptAt: now.addingTimeInterval(delay.timeInterval),
                relay: relay, reply: reply, note: note),
            record: record, kind: .deferred)
    }

    /// No relay or destination could take it now: try again at `retryAt` without spending an attempt (downtime and a
    /// provider's rate limit are not the recipient's fault). `relay` and `reply` record a throttle that caused it.
    func postpone(
        _ record: RecipientRecord, until retryAt: Date, note: String, relay: String? = nil, reply: String? = nil,
        now: Date
    ) -> Settlement {
        if let reason = service.expiry.isExpired(receivedAt: record.receivedAt, deliverBy: record.deliverBy, now: now) {
            return Settlement(
                transition: RecipientTransition(key: record.key, to: .expired, at: now, note: reason.rawValue),
                record: record, kind: .expired)
        }
        var transition = RecipientTransition(
            key: record.key, to: .deferred, at: now, nextAttemptAt: retryAt, relay: relay, reply: reply, note: note)
        transition.refundAttempt = true
        return Settlement(transition: transition, record: record, kind: .deferred)
    }

    func requeue(_ record: RecipientRecord, note: String, now: Date) -> Settlement {
        var transition = RecipientTransition(key: record.key, to: .queued, at: now, note: note)
        transition.refundAttempt = true
        return Settlement(transition: transition, record: record, kind: .requeued)
    }

    func settle(_ settlements: [Settlement], started: Date = Date()) async {
        do {
            try await service.outcomes.apply(settlements.map(\.transition))
        } catch {
            logger.error("recording delivery outcome failed", metadata: ["error": "\(error)"])
            return
        }
        if settlements.contains(where: { $0.kind == .bounced }) { service.feedbackWake?.signal() }
        let delay = String(format: "%.2f", Date().timeIntervalSince(started))
        for settlement in settlements {
            let transition = settlement.transition
            logger.info(
                "delivery",
                metadata: [
                    "id": "\(transition.key.messageID)", "rcpt": "\(settlement.record.recipient)",
                    "relay": "\(transition.relay ?? "none")", "delay": "\(delay)s",
                    "status": "\(settlement.kind.rawValue)",
                    "reply": "\(transition.reply ?? transition.note ?? "")",
                ])
            if let relay = transition.relay { await pool.count(relay, settlement.kind) }
            service.metrics.settled(
                settlement.kind, relay: transition.relay, receivedAt: settlement.record.receivedAt, at: transition.at)
        }
        await service.notices.settled(settlements.filter { $0.kind == .bounced || $0.kind == .expired })
    }
}
