import Foundation
import Logging
import NIOCore
import SteadymailDomain
import SteadymailSMTP
import SteadymailStorage

/// Delivers the claimed recipients of one message: splits them by limited destination and holds each destination's
/// slot, picks a relay per transaction, fails over on relay-level faults without spending an attempt, classifies
/// every recipient's reply, and records the outcome for each.
///
/// It exists to keep the rule "never a bounce because relays were down" in one readable place: only a reply about the
/// recipient itself (or a deadline) ends a recipient's life; everything about the relay moves it elsewhere or later,
/// and a relay or destination that says we send too fast is slowed down and its mail postponed, never deferred.
struct MessageDelivery: Sendable {
    /// The shortest postponement of mail a busy or throttled relay or destination turned away: short enough to follow
    /// the limit closely, long enough that the claim loop never spins on the same recipients.
    static let minimumPostponement: TimeInterval = 1

    let service: DeliveryService
    let recipients: [RecipientRecord]

    var store: any QueueStore { service.store }
    var pool: RelayPool { service.pool }
    var destinations: DestinationLimiter { service.destinations }
    var logger: Logger { service.logger }

    func run() async {
        guard let first = recipients.first else { return }
        let started = Date()
        guard var content = try? await store.body(of: first.key.messageID) else {
            await settle(recipients.map { deferral($0, note: "message content unreadable", now: Date()) })
            return
        }
        var settled: [Settlement] = []
        for group in await destinations.groups(domains: recipients.map(Self.domain)) {
            let members = group.indices.map { recipients[$0] }
            guard let key = group.key else {
                settled += await deliver(members, content: &content)
                continue
            }
            let now = Date()
            switch await destinations.acquire(key, now: now, minimumDelay: Self.minimumPostponement) {
            case .busy(let retryAt):
                settled += members.map { postpone($0, until: retryAt, note: "destination \(key) busy", now: now) }
            case .held:
                settled += await deliver(members, content: &content)
                await destinations.release(key, startedAt: now, now: Date())
            case .free:
                settled += await deliver(members, content: &content)
            }
        }
        await settle(settled, started: started)
    }

    /// Delivers recipients that share one transaction, failing over between relays until each has an outcome.
    private func deliver(_ group: [RecipientRecord], content: inout [UInt8]) async -> [Settlement] {
        let first = group[0]
        var remaining = group
        var tried: Set<String> = []
        var poison = PoisonTracker()
        var ambiguous: [RecipientKey: (relay: String, reply: String)] = [:]
        var settled: [Settlement] = []
        /// The relays each recipient failed over from, recorded as events with its settlement.
        var failovers: [RecipientKey: [Failover]] = [:]
        var waits = 0
        var downgraded = false
        /// Relays that could not carry this message (no SMTPUTF8, no 8BITMIME and no downgrade) and what they said.
        var cannotCarry: [String: String] = [:]
        /// When the relays that throttled this group take mail again.
        var throttledUntil: Date?
        let keys = Dictionary(
            zip(group.map(\.key), await destinations.keys(forDomains: group.map(Self.domain))),
            uniquingKeysWith: { first, _ in first })
        let senderDomain = first.sender.split(separator: "@").last.map(String.init) ?? ""
        while !remaining.isEmpty && !Task.isCancelled {
            let now = Date()
            let choice = await pool.choose(
                priority: first.priority, senderDomain: senderDomain, apiKey: first.apiKey, excluding: tried, now: now)
            switch choice {
            case .wait:
                waits += 1
                if waits > 20 {
                    // Its relays stay at their limits: give the slot back to mail that can move, retry in a second.
                    let retryAt = now.addingTimeInterval(Self.minimumPostponement)
                    settled += remaining.map { postpone($0, until: retryAt, note: "relays busy", now: now) }
                    remaining = []
                } else {
                    try? await Task.sleep(for: .milliseconds(50))
                }
            case .noneAvailable:
                let available = await pool.availableRelays(now: now)
                let allowed = await pool.allowedRelays(
                    priority: first.priority, senderDomain: senderDomain, apiKey: first.apiKey)
                if let reason = cannotCarry.values.first, allowed.isSubset(of: Set(cannotCarry.keys)) {
                    // No relay this message may use can carry it: a message-level failure, not downtime.
                    settled += remaining.map { bounce($0, relay: "none", reply: reason, now: now) }
                    remaining = []
                    continue
                }
                if let throttledUntil {
                    // The relays left said we send too fast: come back when their lowered pace has room.
                    settled += remaining.map { postpone($0, until: throttledUntil, note: "relay throttled", now: now) }
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
                let attempt = await attempt(
                    relay: name, recipients: remaining, content: content,
                    destinations: Set(remaining.map { keys[$0.key] ?? Self.domain($0) }).count, startedAt: now)
                switch attempt {
                case .cannotCarry(let reason, let needsDowngrade):
                    await pool.releaseTrial(name)
                    if needsDowngrade, !downgraded, let sevenBit = EightBitDowngrader.downgrade(content) {
                        content = sevenBit
                        downgraded = true
                    } else {
                        moveOff(name, tried: &tried)
                        cannotCarry[name] = reason
                    }
                case .relayFailed(let error, let countsTowardBreaker, let poisoned):
                    moveOff(name, tried: &tried)
                    let failedAt = Date()
                    for record in remaining {
                        failovers[record.key, default: []].append(Failover(relay: name, reply: error, at: failedAt))
                    }
                    if poisoned { poison.record(relay: name) }
                    if countsTowardBreaker {
                        await pool.recordRelayFailure(name, error: error, now: Date())
                    } else {
                        await pool.releaseTrial(name)
                    }
                    logFailover(name, error: error)
                case .throttled(let reply):
                    moveOff(name, tried: &tried)
                    let retryAt = await throttle(relay: name, reply: reply, startedAt: now)
                    throttledUntil = max(throttledUntil ?? retryAt, retryAt)
                case .maybeDelivered(let reply):
                    await pool.releaseTrial(name)
                    settled += remaining.map {
                        deferral($0, relay: name, reply: reply, note: "maybe delivered", now: Date())
                    }
                    remaining = []
                case .outcomes(let outcomes, let relayHealthy):
                    if relayHealthy { await pool.recordSuccess(name, now: Date()) }
                    var retryElsewhere: [RecipientRecord] = []
                    var relayFault = false
                    var relayThrottle: String?
                    var accepted: Set<String> = []
                    for (record, outcome) in zip(remaining, outcomes) {
                        let key = keys[record.key] ?? Self.domain(record)
                        switch outcome {
                        case .settled(let settlement):
                            if settlement.kind == .sent { accepted.insert(key) }
                            settled.append(settlement)
                        case .ambiguous(let reply):
                            if let previous = ambiguous[record.key], previous.relay != name,
                                previous.reply.prefix(3) == reply.prefix(3)
                            {
                                settled.append(bounce(record, relay: name, reply: reply, now: Date()))
                            } else {
                                ambiguous[record.key] = (name, reply)
                                relayFault = true
                                retryElsewhere.append(record)
                                failovers[record.key, default: []].append(
                                    Failover(relay: name, reply: reply, at: Date()))
                            }
                        case .relayLevel(let reply):
                            relayFault = true
                            retryElsewhere.append(record)
                            failovers[record.key, default: []].append(
                                Failover(relay: name, reply: reply ?? "no reply to the recipient", at: Date()))
                        case .relayThrottled(let reply):
                            relayThrottle = reply
                            retryElsewhere.append(record)
                        case .destinationThrottled(let reply):
                            let retryAt = await destinations.throttled(
                                key, reply: reply, startedAt: now, now: Date(),
                                minimumDelay: Self.minimumPostponement)
                            settled.append(
                                postpone(
                                    record, until: retryAt, note: "destination \(key) throttled", relay: name,
                                    reply: reply, now: Date()))
                        }
                    }
                    for key in accepted { await destinations.succeeded(key, now: Date()) }
                    if let relayThrottle {
                        let retryAt = await throttle(relay: name, reply: relayThrottle, startedAt: now)
                        throttledUntil = max(throttledUntil ?? retryAt, retryAt)
                    }
                    if !retryElsewhere.isEmpty { moveOff(name, tried: &tried) }
                    if !relayHealthy {
                        // Replies sent elsewhere count toward the breaker; a throttle or recipient replies say
                        // nothing against the relay, so a half-open trial that got only those lets the next one try.
                        if relayFault {
                            await pool.recordRelayFailure(name, error: "rejected every recipient", now: Date())
                        } else {
                            await pool.releaseTrial(name)
                        }
                    }
                    remaining = retryElsewhere
                }
            }
        }
        if !remaining.isEmpty {
            settled += remaining.map { requeue($0, note: "delivery stopped", now: Date()) }
        }
        guard !failovers.isEmpty else { return settled }
        return settled.map { settlement in
            var settlement = settlement
            settlement.transition.failovers = failovers[settlement.record.key] ?? []
            return settlement
        }
    }

    /// The transaction leaves relay `name` for good: this message tries it no more, and the failover is counted.
    private func moveOff(_ name: String, tried: inout Set<String>) {
        tried.insert(name)
        service.metrics.failedOver(relay: name)
    }

    /// Cuts a relay's pace after a throttling reply and says when the mail it turned away should come back.
    private func throttle(relay name: String, reply: String, startedAt: Date) async -> Date {
        let now = Date()
        await pool.recordThrottle(name, reply: reply, startedAt: startedAt, now: now)
        logger.notice(
            "relay throttled us; slowing down",
            metadata: ["id": "\(recipients[0].key.messageID)", "relay": "\(name)", "reply": "\(reply)"])
        return await pool.retryTime(name, now: now, minimumDelay: Self.minimumPostponement)
    }

    /// The lowercased domain of a recipient address.
    static func domain(_ record: RecipientRecord) -> String {
        record.recipient.split(separator: "@").last.map { $0.lowercased() } ?? ""
    }

    static func domains(_ recipients: [RecipientRecord]) -> Set<String> {
        Set(recipients.map(domain))
    }

    private func logFailover(_ relay: String, error: String) {
        logger.notice(
            "relay failed; failing over",
            metadata: ["id": "\(recipients[0].key.messageID)", "relay": "\(relay)", "error": "\(error)"])
    }
}
