import Foundation
import Logging
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage

/// Runs campaigns: starts scheduled ones at their time, feeds running ones into the queue at their pace, and finishes
/// them.
///
/// It exists so that a campaign is sent from its ledger, never from memory: every `campaigns.tick` (and at once when
/// an operator acts) it reads the campaigns that are scheduled, running or paused and takes one `CampaignStep` for
/// each. A restarted node therefore picks up where the ledger says. Enqueuing is bounded by the campaign's throttle
/// (`CampaignPacer`), `campaigns.batch`, and `campaigns.lookahead` (the outage brake: while the campaign's messages
/// are deferred they stay waiting and no more are added), and only inside the send window. A campaign with `tracking`
/// on gets its HTML part's links and open pixel from `CampaignTracker`.
actor CampaignService: Service {
    private let store: any QueueStore
    private let renderer: any CampaignRendering
    private let builder: CampaignMessageBuilder
    private let unsubscribe: UnsubscribeLinks
    private let tracker: CampaignTracker
    private let linkIDs: CampaignLinkIDs
    private let delivery: WakeSignal
    private(set) var settings: CampaignsConfiguration
    private let logger: Logger
    private let wake = WakeSignal()
    private var pacers: [Int64: CampaignPacer] = [:]
    private var stalled: Set<Int64> = []

    init(
        store: any QueueStore, renderer: any CampaignRendering, hostname: String, unsubscribe: UnsubscribeLinks,
        tracking: TrackingLinks, delivery: WakeSignal, settings: CampaignsConfiguration,
        feedback: FeedbackAddresses? = nil, logger: Logger
    ) {
        self.store = store
        self.renderer = renderer
        self.builder = CampaignMessageBuilder(hostname: hostname, feedback: feedback)
        self.unsubscribe = unsubscribe
        self.linkIDs = CampaignLinkIDs(store: store)
        self.tracker = CampaignTracker(links: tracking, ids: linkIDs)
        self.delivery = delivery
        self.settings = settings
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.tick(now: Date())
                let interval = await self.settings.tick
                await self.wake.wait(timeout: interval)
            }
        }
    }

    /// Applies a reloaded `campaigns:` section.
    func reconfigure(_ settings: CampaignsConfiguration) {
        self.settings = settings
        wake.signal()
    }

    /// An operator changed a campaign: look now rather than at the next tick.
    nonisolated func changed() {
        wake.signal()
    }

    /// One pass over the active campaigns.
    func tick(now: Date) async {
        let active: [CampaignRecord]
        do {
            active = try await store.campaigns(states: [.scheduled, .running, .paused])
        } catch {
            logger.warning("campaigns not read", metadata: ["error": "\(error)"])
            return
        }
        for campaign in active.reversed() {
            do {
                try await step(campaign, now: now)
            } catch {
                logger.warning("campaign step failed", metadata: ["campaign": "\(campaign.id)", "error": "\(error)"])
            }
        }
        let ids = Set(active.map(\.id))
        pacers = pacers.filter { ids.contains($0.key) }
        stalled.formIntersection(ids)
        await linkIDs.keep(only: ids)
    }

    private func step(_ campaign: CampaignRecord, now: Date) async throws {
        switch campaign.state {
        case .scheduled: try await startIfDue(campaign, now: now)
        case .running: try await feed(campaign, now: now)
        case .paused: try await expireWhilePaused(campaign, now: now)
        case .draft, .finished, .cancelled: return
        }
    }

    /// A scheduled campaign whose time has come starts, late if its deadline still allows, or finishes unsent.
    private func startIfDue(_ campaign: CampaignRecord, now: Date) async throws {
        guard let sendAt = campaign.settings.sendAt else { return }
        let decision = CampaignStart.decide(sendAt: sendAt, deadline: campaign.settings.deadline, now: now)
        switch decision {
        case .wait:
            return
        case .refuse:
            if try await store.setCampaignState(
                id: campaign.id, to: .finished, note: decision.note, sendAt: nil, now: now)
            {
                logger.warning(
                    "campaign not started",
                    metadata: ["campaign": "\(campaign.id)", "reason": "\(decision.note ?? "")"])
            }
        case .start:
            guard
                try await store.setCampaignState(
                    id: campaign.id, to: .running, note: decision.note, sendAt: nil, now: now)
            else { return }
            logger.notice(
                "campaign started", metadata: ["campaign": "\(campaign.id)", "note": "\(decision.note ?? "on time")"])
            if let running = try await store.campaign(id: campaign.id) { try await feed(running, now: now) }
        }
    }

    /// A paused campaign whose deadline passes is resumed so that its held messages expire and it finishes.
    private func expireWhilePaused(_ campaign: CampaignRecord, now: Date) async throws {
        guard let deadline = campaign.settings.deadline, deadline <= now else { return }
        _ = try await store.expirePending(campaign: campaign.id, now: now)
        guard
            try await store.setCampaignState(
                id: campaign.id, to: .running, note: "deadline passed while paused", sendAt: nil, now: now)
        else { return }
        _ = try await store.release(RecipientSelector(tag: campaign.tag), now: now)
        delivery.signal()
    }

    /// One step of a running campaign.
    private func feed(_ campaign: CampaignRecord, now: Date) async throws {
        if !campaign.snapshotTaken {
            let segment: SegmentExpression?
            do {
                segment = try campaign.settings.segment.map { try SegmentParser.parse($0) }
            } catch {
                // Checked when the campaign was created; a parser that changed since cannot make it send to more.
                _ = try await store.setCampaignState(
                    id: campaign.id, to: .finished, note: "segment no longer valid: \(error)", sendAt: nil, now: now)
                return
            }
            let count = try await store.snapshotAudience(campaign: campaign.id, segment: segment, now: now)
            logger.notice(
                "campaign audience taken", metadata: ["campaign": "\(campaign.id)", "subscribers": "\(count)"])
        }
        var pacer = pacers[campaign.id] ?? CampaignPacer(perMinute: campaign.settings.throttlePerMinute, now: now)
        let waiting = try await store.campaignWaiting(campaign: campaign.id)
        let allowance = pacer.allowance(now: now)
        let room = max(settings.lookahead - waiting, 0)
        let pending = try await store.pendingRecipients(
            campaign: campaign.id, limit: max(1, min(settings.batch, allowance, room)))
        let decision = CampaignStep.decide(
            CampaignStep.Facts(
                now: now, deadline: campaign.settings.deadline, window: campaign.settings.window,
                pending: pending.count, waiting: waiting, allowance: allowance, batch: settings.batch,
                lookahead: settings.lookahead))
        switch decision {
        case .expire:
            let expired = try await store.expirePending(campaign: campaign.id, now: now)
            logger.notice(
                "campaign deadline passed", metadata: ["campaign": "\(campaign.id)", "expired": "\(expired)"])
        case .finish:
            try await finish(campaign, now: now)
        case .wait(_, let isStalled):
            if isStalled, stalled.insert(campaign.id).inserted {
                logger.warning(
                    "campaign stalled: its messages wait in the queue",
                    metadata: ["campaign": "\(campaign.id)", "waiting": "\(waiting)"])
            }
        case .enqueue(let count):
            if stalled.remove(campaign.id) != nil {
                logger.notice("campaign moving again", metadata: ["campaign": "\(campaign.id)"])
            }
            let queued = try await enqueue(campaign, Array(pending.prefix(count)), now: now)
            pacer.spend(queued, now: now)
        }
        pacers[campaign.id] = pacer
    }

    /// Re-checks, renders and queues `rows`, settling their ledger rows in the same transaction; returns how many
    /// messages were queued.
    private func enqueue(_ campaign: CampaignRecord, _ rows: [PendingRecipient], now: Date) async throws -> Int {
        var messages: [CampaignMessage] = []
        var skips: [CampaignSkip] = []
        for row in rows {
            switch try await decide(campaign, row, now: now) {
            case .send(let message): messages.append(CampaignMessage(subscriberID: row.subscriberID, message: message))
            case .skip(let reason): skips.append(CampaignSkip(subscriberID: row.subscriberID, reason: reason))
            }
        }
        do {
            try await store.enqueueCampaignMessages(campaign: campaign.id, messages, skips: skips, now: now)
        } catch StorageError.conflict(let reason) {
            // Paused or cancelled meanwhile: nothing was written, and the next tick sees the new state.
            logger.info("campaign batch not queued", metadata: ["campaign": "\(campaign.id)", "reason": "\(reason)"])
            return 0
        }
        if !messages.isEmpty { delivery.signal() }
        return messages.count
    }

    /// The message for one pending subscriber, or why they are skipped.
    private func decide(_ campaign: CampaignRecord, _ row: PendingRecipient, now: Date) async throws -> RowDecision {
        guard let subscriber = row.subscriber else { return .skip(.deleted) }
        if let reason = LedgerSkipReason.forStatus(subscriber.status) { return .skip(reason) }
        if row.suppressed { return .skip(.suppressed) }
        guard let link = unsubscribe.url(campaignID: campaign.id, subscriberID: subscriber.id) else {
            // Starting is refused without a public URL; this is a node whose http.public_url was removed since.
            logger.warning(
                "campaign message not built: no http.public_url for its unsubscribe link",
                metadata: ["campaign": "\(campaign.id)", "subscriber": "\(subscriber.id)"])
            return .skip(.renderFailure)
        }
        var content: RenderedCampaignContent
        do {
            content = try await renderer.render(
                campaign: campaign, subscriber: subscriber, links: ["unsubscribe": link])
        } catch {
            return notRendered(campaign, subscriber, error)
        }
        if campaign.settings.tracking {
            // Outside the catch: a store that cannot give a link's id fails the batch, which the next tick retries,
            // rather than skipping the subscriber for good.
            content = try await tracker.track(
                content, campaignID: campaign.id, subscriberID: subscriber.id, unsubscribeURL: link)
        }
        do {
            return .send(
                try builder.message(
                    campaign: campaign, subscriber: subscriber, content: content, unsubscribeURL: link, now: now))
        } catch {
            return notRendered(campaign, subscriber, error)
        }
    }

    private func notRendered(_ campaign: CampaignRecord, _ subscriber: Subscriber, _ error: any Error) -> RowDecision {
        logger.warning(
            "campaign message not rendered",
            metadata: ["campaign": "\(campaign.id)", "subscriber": "\(subscriber.id)", "error": "\(error)"])
        return .skip(.renderFailure)
    }

    /// What becomes of one pending subscriber.
    private enum RowDecision {
        case send(NewMessage)
        case skip(LedgerSkipReason)
    }

    private func finish(_ campaign: CampaignRecord, now: Date) async throws {
        let progress = try await store.campaignProgress(campaign: campaign.id)
        let expired = progress.expiredByDeadline
        let note: String? =
            if let deadline = campaign.settings.deadline, deadline <= now, expired > 0 {
                "deadline passed: \(expired) expired"
            } else {
                campaign.note
            }
        guard try await store.setCampaignState(id: campaign.id, to: .finished, note: note, sendAt: nil, now: now)
        else { return }
        logger.notice(
            "campaign finished",
            metadata: [
                "campaign": "\(campaign.id)", "enqueued": "\(progress.ledger[.enqueued] ?? 0)",
                "delivered": "\(progress.queue[.delivered] ?? 0)", "expired": "\(expired)",
            ])
    }
}
