import Foundation
import SteadymailDomain
import SteadymailStorage
import Synchronization

/// A `QueueStore` test double around a real store: it counts enqueue transactions, logs when each one committed,
/// can slow commits down like an fsync would, and can fail them.
final class RecordingQueueStore: QueueStore {
    enum Entry: Equatable {
        case committed([QueueID])
        case resumed(QueueID)
    }

    let inner: any QueueStore
    private let commitDelay: Duration
    private let failure: StorageError?
    private let state = Mutex<(transactions: Int, log: [Entry])>((0, []))

    init(wrapping inner: any QueueStore, commitDelay: Duration = .zero, failure: StorageError? = nil) {
        self.inner = inner
        self.commitDelay = commitDelay
        self.failure = failure
    }

    var transactions: Int { state.withLock { $0.transactions } }
    var log: [Entry] { state.withLock { $0.log } }

    /// Lets a test record that a waiter resumed, in the same log as the commits.
    func record(_ entry: Entry) { state.withLock { $0.log.append(entry) } }

    func enqueue(_ batch: [NewMessage]) async throws {
        state.withLock { $0.transactions += 1 }
        if commitDelay > .zero { try await Task.sleep(for: commitDelay) }
        if let failure { throw failure }
        try await inner.enqueue(batch)
        record(.committed(batch.map(\.id)))
    }

    func counts() async throws -> QueueCounts { try await inner.counts() }

    func recipients(matching filter: RecipientFilter) async throws -> [RecipientRecord] {
        try await inner.recipients(matching: filter)
    }

    func message(_ id: QueueID) async throws -> MessageDetail? { try await inner.message(id) }

    func body(of id: QueueID) async throws -> [UInt8]? { try await inner.body(of: id) }

    func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) async throws
        -> [ClaimedRecipient]
    {
        try await inner.claim(now: now, limit: limit, owner: owner, leaseUntil: leaseUntil)
    }

    func apply(_ transitions: [RecipientTransition], owner: String) async throws {
        try await inner.apply(transitions, owner: owner)
    }

    func retryNow(_ selector: RecipientSelector, now: Date) async throws -> Int {
        try await inner.retryNow(selector, now: now)
    }

    func hold(_ selector: RecipientSelector, now: Date) async throws -> Int { try await inner.hold(selector, now: now) }

    func release(_ selector: RecipientSelector, now: Date) async throws -> Int {
        try await inner.release(selector, now: now)
    }

    func delete(_ selector: RecipientSelector, now: Date) async throws -> [ExpiredRecipient] {
        try await inner.delete(selector, now: now)
    }

    func counts(of selector: RecipientSelector) async throws -> [RecipientState: Int] {
        try await inner.counts(of: selector)
    }

    func releaseExpiredLeases(now: Date) async throws -> Int {
        try await inner.releaseExpiredLeases(now: now)
    }

    func claim(now: Date, limit: Int, owner: String, leaseUntil: Date, priorities: Set<Priority>) async throws
        -> [ClaimedRecipient]
    {
        try await inner.claim(now: now, limit: limit, owner: owner, leaseUntil: leaseUntil, priorities: priorities)
    }

    func nextAttemptTime() async throws -> Date? { try await inner.nextAttemptTime() }

    func nextExpiryTime(maxAge: Duration) async throws -> Date? { try await inner.nextExpiryTime(maxAge: maxAge) }

    func expireDue(now: Date, maxAge: Duration) async throws -> [ExpiredRecipient] {
        try await inner.expireDue(now: now, maxAge: maxAge)
    }

    func releaseLeases(ownerPrefix: String, now: Date, reason: LeaseReleaseReason) async throws -> Int {
        try await inner.releaseLeases(ownerPrefix: ownerPrefix, now: now, reason: reason)
    }

    func envelope(of id: QueueID) async throws -> MessageEnvelope? { try await inner.envelope(of: id) }

    func pruneBodies(finishedBefore: Date, limit: Int, now: Date) async throws -> Int {
        try await inner.pruneBodies(finishedBefore: finishedBefore, limit: limit, now: now)
    }

    func pruneMessages(finishedBefore: Date, limit: Int) async throws -> Int {
        try await inner.pruneMessages(finishedBefore: finishedBefore, limit: limit)
    }

    func reclaimSpace(pages: Int) async throws -> Int { try await inner.reclaimSpace(pages: pages) }

    func probeWritable(now: Date) async throws { try await inner.probeWritable(now: now) }

    func warnDelayed(receivedBefore: Date, now: Date, limit: Int) async throws -> [RecipientRecord] {
        try await inner.warnDelayed(receivedBefore: receivedBefore, now: now, limit: limit)
    }

    func nextDelayWarningTime(delay: Duration) async throws -> Date? {
        try await inner.nextDelayWarningTime(delay: delay)
    }

    func createAPIKey(_ key: APIKeyRecord) async throws { try await inner.createAPIKey(key) }

    func apiKeys() async throws -> [APIKeyRecord] { try await inner.apiKeys() }

    func apiKey(id: String) async throws -> APIKeyRecord? { try await inner.apiKey(id: id) }

    func revokeAPIKey(id: String, now: Date) async throws -> Bool { try await inner.revokeAPIKey(id: id, now: now) }

    func idempotentAnswer(apiKeyID: String, key: String, now: Date) async throws -> IdempotencyRecord? {
        try await inner.idempotentAnswer(apiKeyID: apiKeyID, key: key, now: now)
    }

    func pruneIdempotency(before: Date) async throws -> Int { try await inner.pruneIdempotency(before: before) }
    func messages(matching query: MessageQuery) async throws -> MessagePage {
        try await inner.messages(matching: query)
    }

    func waitingByRelay() async throws -> [String: [RecipientState: Int]] { try await inner.waitingByRelay() }

    func oldestWaitingArrival() async throws -> Date? { try await inner.oldestWaitingArrival() }

    func createWebhook(_ webhook: WebhookRecord) async throws { try await inner.createWebhook(webhook) }

    func webhooks() async throws -> [WebhookRecord] { try await inner.webhooks() }

    func removeWebhook(id: String) async throws -> Bool { try await inner.removeWebhook(id: id) }

    func claimWebhookDeliveries(now: Date, limit: Int, leaseUntil: Date) async throws -> [WebhookDelivery] {
        try await inner.claimWebhookDeliveries(now: now, limit: limit, leaseUntil: leaseUntil)
    }

    func markWebhookDelivered(_ id: Int64, now: Date) async throws {
        try await inner.markWebhookDelivered(id, now: now)
    }

    func rescheduleWebhookDelivery(_ id: Int64, nextAttemptAt: Date, error: String, now: Date) async throws {
        try await inner.rescheduleWebhookDelivery(id, nextAttemptAt: nextAttemptAt, error: error, now: now)
    }

    func giveUpWebhookDelivery(_ id: Int64, error: String, now: Date) async throws {
        try await inner.giveUpWebhookDelivery(id, error: error, now: now)
    }

    func giveUpWebhookDeliveries(happenedBefore: Date, now: Date, limit: Int) async throws -> [WebhookDelivery] {
        try await inner.giveUpWebhookDeliveries(happenedBefore: happenedBefore, now: now, limit: limit)
    }

    func pendingWebhookDeliveries() async throws -> Int { try await inner.pendingWebhookDeliveries() }

    func webhookDeliveryCounts() async throws -> [String: WebhookDeliveryCounts] {
        try await inner.webhookDeliveryCounts()
    }
}
