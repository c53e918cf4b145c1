import Foundation
import SteadymailDomain

/// The one storage contract of Steadymail's queue. It exists so that the embedded SQLite backend and the distributed
/// PostgreSQL backend are interchangeable: everything above this layer speaks only to `QueueStore`, and both backends
/// must pass the same storage test suite.
///
/// Rules every backend keeps:
/// - `enqueue` returns only after the whole batch (bytes, envelope, recipients, first events) is committed and flushed
///   to stable storage. A caller may acknowledge a message (SMTP 250) only after `enqueue` returned.
/// - A batch is atomic: all of its messages are stored or none is.
/// - Every recipient state change appends a `QueueEvent` in the same transaction.
/// - Claims are leases: a claimed recipient is `in_flight` until its lease deadline; an expired lease is returned to
///   the queue by `releaseExpiredLeases`, never lost.
///
/// Parts of the contract that read as one piece of their own are protocols it inherits: `AudienceStore` (lists,
/// subscribers, suppression), `TemplateStore` (message templates) and `CampaignStore` (campaigns and their
/// per-recipient ledger).
public protocol QueueStore: AudienceStore, TemplateStore, CampaignStore, EngagementStore, FeedbackStore,
    FeedbackProcessingStore, CampaignReportStore, ReputationStore, Sendable
{
    /// Durably stores a batch of new messages in one transaction, each recipient `queued`, with their tags, metadata
    /// and idempotency records. A message whose idempotency record meets a live one for the same API key and key
    /// (`expiresAt` after the new record's `createdAt`) fails the batch with `StorageError.conflict`; an expired one is
    /// replaced.
    func enqueue(_ batch: [NewMessage]) async throws

    /// Counts recipients by state and by priority.
    func counts() async throws -> QueueCounts

    /// Lists recipients matching a filter, oldest message first.
    func recipients(matching filter: RecipientFilter) async throws -> [RecipientRecord]

    /// One message with its recipients, a summary of its headers and its event history; nil when unknown.
    func message(_ id: QueueID) async throws -> MessageDetail?

    /// The stored bytes of a message; nil when unknown or when retention removed its body (`pruneBodies`).
    func body(of id: QueueID) async throws -> [UInt8]?

    /// Leases up to `limit` recipients that are due (queued, or deferred with `nextAttemptAt <= now`), most urgent
    /// priority first, then earliest `deliverBy` (none last), then oldest, and marks them `in_flight` for `owner` until
    /// `leaseUntil`. Reads indexes in that order, never the whole queue.
    func claim(now: Date, limit: Int, owner: String, leaseUntil: Date) async throws -> [ClaimedRecipient]

    /// Applies state changes reported by delivery. A change whose recipient is not leased by `owner`, or which the
    /// recipient state machine forbids, is rejected with `StorageError.conflict` and nothing in the batch is applied.
    /// A change to `bounced` of a campaign's recipient whose reply is about the mailbox (`DeliveryBounce.kind`) also
    /// stores an unprocessed `delivery` feedback event in the same transaction (dedupe key
    /// `delivery:<queue id>:<recipient>`).
    func apply(_ transitions: [RecipientTransition], owner: String) async throws

    /// Returns recipients whose lease ended before `now` to `queued` (with an event); returns how many.
    func releaseExpiredLeases(now: Date) async throws -> Int

    /// Like `claim(now:limit:owner:leaseUntil:)`, but leases only recipients of the given priorities (for the share of
    /// capacity reserved for bulk mail). Order: priority rank, then `deliverBy` (none last), then arrival.
    func claim(now: Date, limit: Int, owner: String, leaseUntil: Date, priorities: Set<Priority>) async throws
        -> [ClaimedRecipient]

    /// The earliest time any recipient becomes claimable: the arrival of the oldest `queued` recipient (already due),
    /// or the earliest `nextAttemptAt` of a `deferred` one; nil when nothing is waiting. Reads indexes only.
    func nextAttemptTime() async throws -> Date?

    /// The earliest time a waiting (`queued` or `deferred`) recipient expires: its `deliverBy`, or its arrival plus
    /// `maxAge`; nil when nothing is waiting. Reads indexes only.
    func nextExpiryTime(maxAge: Duration) async throws -> Date?

    /// Moves every waiting recipient whose `deliverBy` is at or before `now` (reason `deadline`), or whose arrival plus
    /// `maxAge` is (reason `max_age`), to `expired` with an event, in one transaction. In-flight recipients are left
    /// to their lease holder. Returns the expired recipients so that the caller can send notices.
    func expireDue(now: Date, maxAge: Duration) async throws -> [ExpiredRecipient]

    /// Returns every `in_flight` recipient whose lease owner starts with `ownerPrefix` to `queued`, whatever its lease
    /// deadline, with an event noting `reason`; returns how many. Used at start-up to reclaim a dead instance's leases
    /// and at shutdown to hand unfinished work back.
    func releaseLeases(ownerPrefix: String, now: Date, reason: LeaseReleaseReason) async throws -> Int

    /// Brings the next attempt of the `deferred` recipients `selector` matches forward to `now` when it lies later (an
    /// operator's `steadymail queue retry`), with an event each (note `retry requested`), in one transaction; returns
    /// how many. Idempotent: a second call finds them due already and returns 0.
    func retryNow(_ selector: RecipientSelector, now: Date) async throws -> Int

    /// Moves the `queued` and `deferred` recipients `selector` matches to `held` (an operator's `steadymail queue
    /// hold`), with an event each (note `held`), in one transaction; returns how many. A held recipient is never
    /// claimed and never expires while held. In-flight recipients are not touched: their attempt finishes first.
    /// Idempotent: a second call finds nothing to hold and returns 0.
    func hold(_ selector: RecipientSelector, now: Date) async throws -> Int

    /// Moves the `held` recipients `selector` matches back to `queued`, due at once, with an event each (note
    /// `released`), in one transaction; returns how many. Idempotent.
    func release(_ selector: RecipientSelector, now: Date) async throws -> Int

    /// Moves the `queued`, `deferred` and `held` recipients `selector` matches to `expired` (an operator's `steadymail
    /// queue delete`), with an event each (note `deleted`), in one transaction, and returns them with reason
    /// `deleted`. In-flight recipients are not touched. Idempotent: a second call returns nothing.
    func delete(_ selector: RecipientSelector, now: Date) async throws -> [ExpiredRecipient]

    /// How many recipients `selector` matches, per state (states without any are left out): what an operation would
    /// touch, and what it leaves alone.
    func counts(of selector: RecipientSelector) async throws -> [RecipientState: Int]

    /// The envelope and metadata of a message without its events or bytes; nil when unknown.
    func envelope(of id: QueueID) async throws -> MessageEnvelope?

    /// Removes the bytes of up to `limit` messages finished (every recipient final, `RetentionPolicy.finishedAt`)
    /// before `finishedBefore`, oldest first, in one transaction, and records `now` as their `bodyRemovedAt`. Envelope,
    /// recipients and events stay. Returns how many bodies it removed. Reads an index of finished messages that still
    /// have a body, never the whole queue.
    func pruneBodies(finishedBefore: Date, limit: Int, now: Date) async throws -> Int

    /// Deletes up to `limit` messages finished before `finishedBefore`, oldest first, with their recipients and
    /// events, in one transaction; returns how many messages. A message with any recipient not final is never deleted.
    func pruneMessages(finishedBefore: Date, limit: Int) async throws -> Int

    /// Gives up to `pages` pages of free space back to the file system (SQLite: an incremental vacuum step); returns
    /// how many it gave back. A backend that manages its own space returns 0.
    func reclaimSpace(pages: Int) async throws -> Int

    /// Marks up to `limit` undelivered recipients (queued, deferred or in flight) that arrived at or before
    /// `receivedBefore` and were never warned about as warned, appends a `delayed` event to each, and returns them, in
    /// one transaction. A recipient is returned at most once in its life, so its sender is told once.
    func warnDelayed(receivedBefore: Date, now: Date, limit: Int) async throws -> [RecipientRecord]

    /// When the next delay warning falls due: the arrival of the oldest undelivered, not yet warned recipient plus
    /// `delay`; nil when there is none. Reads an index only.
    func nextDelayWarningTime(delay: Duration) async throws -> Date?

    /// Stores a new API key; a key with the same id is a `StorageError.conflict`.
    func createAPIKey(_ key: APIKeyRecord) async throws

    /// Every API key, revoked ones included, oldest first.
    func apiKeys() async throws -> [APIKeyRecord]

    /// The key with this id, revoked or not; nil when unknown.
    func apiKey(id: String) async throws -> APIKeyRecord?

    /// Marks a key revoked at `now`; false when no such key exists. Revoking a revoked key keeps its first time.
    func revokeAPIKey(id: String, now: Date) async throws -> Bool

    /// The stored answer for an `Idempotency-Key` of one API key, if it is still live at `now` (`expiresAt` after
    /// `now`); nil otherwise.
    func idempotentAnswer(apiKeyID: String, key: String, now: Date) async throws -> IdempotencyRecord?

    /// Deletes the idempotency records that expired at or before `before`; returns how many.
    func pruneIdempotency(before: Date) async throws -> Int
    /// The messages `query` matches, newest first (by arrival, then by id, both descending), at most `query.limit`,
    /// each with all its recipients and tags, and the position where the next page starts. Reads indexes in list
    /// order from `query.after` on, so that every page costs about the same however many messages match.
    func messages(matching query: MessageQuery) async throws -> MessagePage

    /// The waiting (`queued` and `deferred`) recipients that have been tried on a relay, counted by the relay of their
    /// last attempt and by state. Recipients never tried are left out.
    func waitingByRelay() async throws -> [String: [RecipientState: Int]]

    /// The arrival of the oldest waiting (`queued` or `deferred`) recipient; nil when none waits. Reads indexes only.
    func oldestWaitingArrival() async throws -> Date?

    /// Proves that the store can commit a write now, for readiness checks: one small durable write (recording `now`)
    /// that nothing else reads, so the queue is left as it was. Throws `StorageError.unavailable` when the store
    /// cannot write (read-only, disk full, I/O error).
    func probeWritable(now: Date) async throws

    /// Stores a new webhook subscription; an existing id is a `StorageError.conflict`. From then on every event of a
    /// subscribed type gets an outbox entry for it, written in the transaction of the change that caused the event.
    func createWebhook(_ webhook: WebhookRecord) async throws

    /// Every webhook subscription, oldest first.
    func webhooks() async throws -> [WebhookRecord]

    /// Removes a subscription with its outbox entries (what it was still owed is dropped); false when unknown.
    func removeWebhook(id: String) async throws -> Bool

    /// Leases up to `limit` due outbox entries until `leaseUntil` and counts an attempt on each, oldest due first. An
    /// entry is due when it is pending, its next attempt is at or before `now`, it is not leased (or its lease ended),
    /// and no earlier entry of the same message for the same webhook is pending: the events of one message reach a
    /// webhook in order, and one failing event holds back only the later events of its own message.
    func claimWebhookDeliveries(now: Date, limit: Int, leaseUntil: Date) async throws -> [WebhookDelivery]

    /// Records that the receiver acknowledged an entry (a 2xx answer); it is never sent again.
    func markWebhookDelivered(_ id: Int64, now: Date) async throws

    /// Returns a failed entry to pending, due at `nextAttemptAt`, with the error. Later pending entries of the same
    /// message for the same webhook do not fall due before it.
    func rescheduleWebhookDelivery(_ id: Int64, nextAttemptAt: Date, error: String, now: Date) async throws

    /// Gives an entry up for good (state failed), keeping the error.
    func giveUpWebhookDelivery(_ id: Int64, error: String, now: Date) async throws

    /// Gives up up to `limit` pending, unleased entries whose event happened at or before `happenedBefore` (older than
    /// `webhooks.max_age`), oldest first, in one transaction, and returns them.
    func giveUpWebhookDeliveries(happenedBefore: Date, now: Date, limit: Int) async throws -> [WebhookDelivery]

    /// Outbox entries still pending (not acknowledged, not given up): the webhook backlog. Reads an index only.
    func pendingWebhookDeliveries() async throws -> Int

    /// Outbox entries per webhook id, by state.
    func webhookDeliveryCounts() async throws -> [String: WebhookDeliveryCounts]

    /// Stores a batch of probe results in one transaction.
    func recordProbeResults(_ results: [MonitorResultRecord]) async throws

    /// The single results of one monitor with `since <= at < until`, oldest first; at most `limit`, the newest ones
    /// when more match. Results already compacted are found through `probeRollups` instead.
    func probeResults(monitor: String, since: Date, until: Date, limit: Int) async throws -> [ProbeResult]

    /// The rollups of one monitor at one resolution whose bucket starts in `since <= start < until`, oldest first.
    func probeRollups(monitor: String, resolution: RollupResolution, since: Date, until: Date) async throws
        -> [ProbeRollup]

    /// Compacts the probe history (`ProbeCompaction`): single results older than `rawRetention` are folded into
    /// minute rollups and deleted, minute rollups older than `minuteRetention` into hour rollups and deleted, and hour
    /// rollups older than `hourRetention` deleted. Cutoffs fall on bucket starts; a bucket that already exists is
    /// added to. Works in short transactions so that other writers run in between; a second pass finds nothing to do.
    func compactProbeResults(now: Date, rawRetention: Duration, minuteRetention: Duration, hourRetention: Duration)
        async throws -> CompactionSummary

    /// The newest single result of every monitor that has one, by monitor name. Reads an index only.
    func latestProbeResults() async throws -> [String: ProbeResult]

    /// Stores a monitor added at run time; a monitor of the same name is a `StorageError.conflict`.
    func saveMonitor(_ monitor: MonitorDefinition) async throws

    /// Removes a monitor added at run time; false when none has that name. Its results stay until compaction.
    func removeMonitor(name: String) async throws -> Bool

    /// Every monitor added at run time, in the order they were added.
    func runtimeMonitors() async throws -> [MonitorDefinition]

    /// Opens an incident and returns its id.
    func openIncident(monitor: String, relay: String?, at: Date, cause: String) async throws -> Int64

    /// Appends a line to an incident; an unknown id is a `StorageError.conflict`.
    func addIncidentUpdate(id: Int64, at: Date, message: String) async throws

    /// Closes an incident at `at` with its impact (kept as it was when nil). Closing a closed incident changes
    /// nothing; an unknown id is a `StorageError.conflict`.
    func closeIncident(id: Int64, at: Date, impact: IncidentImpact?) async throws

    /// Replaces an incident's impact (recomputed while it is open, or after a late delivery); an unknown id is a
    /// `StorageError.conflict`.
    func setIncidentImpact(id: Int64, impact: IncidentImpact) async throws

    /// Sets an incident's public note (the text the status page shows), or removes it when `note` is nil; an unknown
    /// id is a `StorageError.conflict`.
    func setIncidentPublicNote(id: Int64, note: String?) async throws

    /// Incidents newest first, with their updates; only open ones when `openOnly`; at most `limit`.
    func incidents(openOnly: Bool, limit: Int) async throws -> [IncidentRecord]

    /// One incident with its updates; nil when unknown.
    func incident(id: Int64) async throws -> IncidentRecord?

    /// Every open incident, oldest first: at start-up the monitors take them up again.
    func openIncidents() async throws -> [IncidentRecord]

    /// Every event of the recipients (at most `limit` of them) that have an event in `from...to` touching an
    /// incident: a failover on `relay` (any relay when nil), a deferral on it, a wait for lack of a relay, or an
    /// expiry; with their message's priority, tags and arrival, ordered by recipient then time. Reads the events
    /// through an index on their time, never the whole log.
    func impactEvents(relay: String?, from: Date, to: Date, limit: Int) async throws -> [ImpactEvent]

    /// Stores a maintenance window (its `id` is ignored) and returns the id it was given.
    func addMaintenanceWindow(_ window: MaintenanceWindow) async throws -> Int64

    /// Every stored maintenance window with its id, in the order they were added.
    func maintenanceWindows() async throws -> [MaintenanceWindow]

    /// Removes a maintenance window; false when none has that id.
    func removeMaintenanceWindow(id: Int64) async throws -> Bool

    /// The messages received per hour in `from..<to`, by the hour's start (hours since 1970, UTC), oldest first;
    /// hours without a message are left out. Reads an index on the arrival time, never the whole table.
    func hourlyVolume(from: Date, to: Date) async throws -> [HourlyVolume]

    /// The recipients accepted in `from..<to`, per priority class, judged against their class's delivery target in
    /// `targets` at `now` (`DeliveryOutcomeCounts`: on time, late, pending, bounced; delivery time is the time of the
    /// `delivered` transition). Grouped in buckets of `bucket` aligned on the Unix epoch (one day gives UTC days), or
    /// in one bucket starting at `from` when `bucket` is nil; empty buckets are left out. Computed by the store,
    /// reading an index on the arrival time, never the whole queue.
    func deliveryOutcomes(
        from: Date, to: Date, targets: [Priority: Duration], now: Date, bucket: Duration?
    ) async throws -> [DeliveryOutcomeBucket]
}

/// Errors a `QueueStore` reports in terms its callers can act on.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The change conflicts with the stored state (wrong lease owner, forbidden transition, unknown recipient).
    case conflict(String)
    /// The store could not write (disk full, I/O error); nothing of the batch is durable.
    case unavailable(String)
    /// The stored data could not be read back (a corrupt row); the message id names what was skipped.
    case corrupt(String)

    public var description: String {
        switch self {
        case .conflict(let text): "storage conflict: \(text)"
        case .unavailable(let text): "storage unavailable: \(text)"
        case .corrupt(let text): "storage corrupt: \(text)"
        }
    }
}
