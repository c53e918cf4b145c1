import Foundation
import Logging
import NIOCore
import SteadymailDomain
import SteadymailSMTP
import SteadymailStorage

/// Delivers the claimed recipients of one message: picks a relay per transaction, fails over on relay-level faults
/// without spending an attempt, classifies every recipient's reply, and records the outcome for each.
///
/// It exists to keep the rule "never a bounce because relays were down" in one readable place: only a reply about the
/// recipient itself (or a deadline) ends a recipient's life; everything about the relay moves it elsewhere or later.
struct MessageDelivery: Sendable {
    let service: DeliveryService
    let recipients: [RecipientRecord]

    private var store: any QueueStore { service.store }
    private var pool: RelayPool { service.pool }
    private var logger: Logger { service.logger }

    func run() async {
        guard let first = recipients.first else { return }
        let started = Date()
        guard var content = try? await store.body(of: first.key.messageID) else {
            await settle(recipients.map { deferral($0, note: "message content unreadable", now: Date()) })
            return
        }
        var remaining = recipients
        var tried: Set<String> = []
        var poison = PoisonTracker()
        var ambiguous: [RecipientKey: (relay: String, reply: String)] = [:]
        var settled: [Settlement] = []
        var waits = 0
        var downgraded = false
        /// Relays that could not carry this message (no SMTPUTF8, no 8BITMIME and no downgrade) and what they said.
        var cannotCarry: [String: String] = [:]
        let senderDomain = first.sender.split(separator: "@").last.map(String.init) ?? ""
        while !remaining.isEmpty && !Task.isCancelled {
            let now = Date()
            let choice = await pool.choose(
                priority: first.priority, senderDomain: senderDomain, apiKey: nil, excluding: tried, now: now)
            switch choice {
            case .wait:
                waits += 1
                if waits > 20 {
                    // Its relays stay at their limits: give the slot back to mail that can move, retry in a second.
                    let retryAt = now.addingTimeInterval(1)
                    settled += remaining.map { postpone($0, until: retryAt, note: "relays busy", now: now) }
                    remaining = []
                } else {
                    try? await Task.sleep(for: .milliseconds(50))
                }
            case .noneAvailable:
                let available = await pool.availableRelays(now: now)
                let allowed = await pool.allowedRelays(
                    priority: first.priority, senderDomain: senderDomain, apiKey: nil)
                if let reason = cannotCarry.values.first, allowed.isSubset(of: Set(cannotCarry.keys)) {
                    // No relay this message may use can carry it: a message-level failure, not downtime.
                    settled += remaining.map { bounce($0, relay: "none", reply: reason, now: now) }
                    remaining = []
                    continue
                }
                let exhausted = !tried.isEmpty && poison.exhausted(availableRelays: available)
                let cooldown = now.addingTimeInterval(service.configuration.breakerCooldown.timeInterval)
                let retryAt = max(await pool.earliestReopening() ?? cooldown, now.addingTimeInterval(0.2))
                let note = tried.isEmpty ? "no relay available" : "no other relay available"
                let outage = !(await pool.anyAvailable(now: now))
                settled += remaining.map {
                    if exhausted { return deferral($0, note: "every relay dropped the message", now: now) }
                    // With every relay down, the recipient waits queued (nothing is claimed until a relay returns,
                    // and then the most urgent go first); otherwise it waits for its route's relays.
                    return outage
                        ? requeue($0, note: note, now: now) : postpone($0, until: retryAt, note: note, now: now)
                }
                remaining = []
            case .relay(let name):
                let attempt = await attempt(relay: name, recipients: remaining, content: content)
                switch attempt {
                case .cannotCarry(let reason, let needsDowngrade):
                    await pool.releaseTrial(name)
                    if needsDowngrade, !downgraded, let sevenBit = EightBitDowngrader.downgrade(content) {
                        content = sevenBit
                        downgraded = true
                    } else {
                        tried.insert(name)
                        cannotCarry[name] = reason
                    }
                case .relayFailed(let error, let countsTowardBreaker, let poisoned):
                    tried.insert(name)
                    if poisoned { poison.record(relay: name) }
                    if countsTowardBreaker {
                        await pool.recordRelayFailure(name, error: error, now: Date())
                    } else {
                        await pool.releaseTrial(name)
                    }
                    logFailover(name, error: error)
                case .maybeDelivered(let reply):
                    await pool.releaseTrial(name)
                    settled += remaining.map {
                        deferral($0, relay: name, reply: reply, note: "maybe delivered", now: Date())
                    }
                    remaining = []
                case .outcomes(let outcomes, let relayHealthy):
                    if relayHealthy { await pool.recordSuccess(name, now: Date()) }
                    var retryElsewhere: [RecipientRecord] = []
                    for (record, outcome) in zip(remaining, outcomes) {
                        switch outcome {
                        case .settled(let settlement):
                            settled.append(settlement)
                        case .ambiguous(let reply):
                            if let previous = ambiguous[record.key], previous.relay != name,
                                previous.reply.prefix(3) == reply.prefix(3)
                            {
                                settled.append(bounce(record, relay: name, reply: reply, now: Date()))
                            } else {
                                ambiguous[record.key] = (name, reply)
                                retryElsewhere.append(record)
                            }
                        case .relayLevel:
                            retryElsewhere.append(record)
                        }
                    }
                    if !retryElsewhere.isEmpty {
                        tried.insert(name)
                        if !relayHealthy {
                            await pool.recordRelayFailure(name, error: "rejected every recipient", now: Date())
                        }
                    }
                    remaining = retryElsewhere
                }
            }
        }
        if !remaining.isEmpty {
            settled += remaining.map { requeue($0, note: "delivery stopped", now: Date()) }
        }
        await settle(settled, started: started)
    }

    // MARK: - One transaction

    enum Attempt {
        /// The relay lacks an extension the message needs (8BITMIME, SMTPUTF8); nothing was sent.
        case cannotCarry(reason: String, needsDowngrade: Bool)
        case relayFailed(error: String, countsTowardBreaker: Bool, poisoned: Bool)
        case maybeDelivered(reply: String)
        case outcomes([RecipientOutcome], relayHealthy: Bool)
    }

    enum RecipientOutcome {
        case settled(Settlement)
        case ambiguous(reply: String)
        case relayLevel
    }

    private func attempt(relay name: String, recipients: [RecipientRecord], content: [UInt8]) async -> Attempt {
        guard let lease = await pool.checkout(name) else {
            return .relayFailed(error: "unknown relay", countsTowardBreaker: false, poisoned: false)
        }
        var connection = lease.connection
        if connection == nil {
            switch await RelayConnection.open(lease.endpoint, group: service.group, registry: service.channels) {
            case .opened(let opened):
                connection = opened
            case .failed(let failure):
                await pool.checkin(name, connection: nil, sent: 0, reusable: false, now: Date())
                return .relayFailed(error: failure.summary, countsTowardBreaker: true, poisoned: false)
            }
        }
        guard let connection else {
            return .relayFailed(error: "no connection", countsTowardBreaker: true, poisoned: false)
        }
        let message = SMTPOutboundMessage(
            sender: recipients[0].sender, recipients: recipients.map(\.recipient), content: ByteBuffer(bytes: content))
        let event = await connection.send(message)
        switch event {
        case .delivered(let outcome):
            await pool.checkin(name, connection: connection, sent: lease.sent + 1, reusable: true, now: Date())
            return classify(outcome, relay: name, recipients: recipients)
        case .failed(let failure):
            await pool.checkin(name, connection: connection, sent: lease.sent + 1, reusable: false, now: Date())
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
            await pool.checkin(name, connection: connection, sent: lease.sent, reusable: true, now: Date())
            return .relayFailed(error: "session not ready", countsTowardBreaker: false, poisoned: false)
        }
    }

    /// Turns one completed transaction into a decision per recipient.
    private func classify(_ outcome: SMTPTransactionOutcome, relay: String, recipients: [RecipientRecord]) -> Attempt {
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
                outcomes.append(.relayLevel)
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
                outcomes.append(.relayLevel)
            }
        }
        return .outcomes(outcomes, relayHealthy: relayHealthy)
    }

    static func domains(_ recipients: [RecipientRecord]) -> Set<String> {
        Set(recipients.map { $0.recipient.split(separator: "@").last.map { $0.lowercased() } ?? "" })
    }

    // MARK: - Settling

    /// One recipient's final word from this delivery run.
    struct Settlement {
        var transition: RecipientTransition
        var record: RecipientRecord
        var kind: DeliveryOutcomeKind
    }

    private func delivered(_ record: RecipientRecord, relay: String, reply: String, now: Date) -> Settlement {
        Settlement(
            transition: RecipientTransition(key: record.key, to: .delivered, at: now, relay: relay, reply: reply),
            record: record, kind: .sent)
    }

    private func bounce(_ record: RecipientRecord, relay: String, reply: String, now: Date) -> Settlement {
        Settlement(
            transition: RecipientTransition(key: record.key, to: .bounced, at: now, relay: relay, reply: reply),
            record: record, kind: .bounced)
    }

    /// A retry later that spends the attempt (backoff with full jitter), or expiry when the deadline has passed.
    private func deferral(
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

    /// No relay could take it now: try again soon without spending an attempt (downtime is not the recipient's fault).
    private func postpone(_ record: RecipientRecord, until retryAt: Date, note: String, now: Date) -> Settlement {
        if let reason = service.expiry.isExpired(receivedAt: record.receivedAt, deliverBy: record.deliverBy, now: now) {
            return Settlement(
                transition: RecipientTransition(key: record.key, to: .expired, at: now, note: reason.rawValue),
                record: record, kind: .expired)
        }
        var transition = RecipientTransition(
            key: record.key, to: .deferred, at: now,
            nextAttemptAt: retryAt, note: note)
        transition.refundAttempt = true
        return Settlement(transition: transition, record: record, kind: .deferred)
    }

    private func requeue(_ record: RecipientRecord, note: String, now: Date) -> Settlement {
        var transition = RecipientTransition(key: record.key, to: .queued, at: now, note: note)
        transition.refundAttempt = true
        return Settlement(transition: transition, record: record, kind: .requeued)
    }

    private func settle(_ settlements: [Settlement], started: Date = Date()) async {
        do {
            try await service.outcomes.apply(settlements.map(\.transition))
        } catch {
            logger.error("recording delivery outcome failed", metadata: ["error": "\(error)"])
            return
        }
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
        }
        await service.notices.settled(settlements.filter { $0.kind == .bounced || $0.kind == .expired })
    }

    private func logFailover(_ relay: String, error: String) {
        logger.notice(
            "relay failed; failing over",
            metadata: ["id": "\(recipients[0].key.messageID)", "relay": "\(relay)", "error": "\(error)"])
    }
}
