import Foundation
import SteadymailDomain
import SteadymailStorage

/// What an operator does to campaigns, for the control socket and the HTTP API alike: create one from checked
/// settings, schedule, start, pause, resume, cancel, show and list.
///
/// It exists so that both front doors judge a campaign the same way (every refusal names its field) and act on the
/// queue the same way: pause holds the campaign's waiting messages (tag `campaign-<id>`), resume releases them, cancel
/// deletes them, each after the state change so that the runner and the claim-time check already see the new state.
/// Every action is idempotent.
public struct CampaignOperations: Sendable {
    let store: any QueueStore
    /// Nil where no server runs (the CLI reading the database): only reads are possible then.
    let renderer: (any CampaignRendering)?
    let wake: WakeSignal?
    /// Whether `http.public_url` (or `http.public_listen`) is set: every campaign message carries an unsubscribe
    /// link on it, so without one a campaign is refused when it would start sending.
    let hasPublicURL: Bool
    let changed: @Sendable () -> Void

    public init(
        store: any QueueStore, renderer: (any CampaignRendering)?, wake: WakeSignal?, hasPublicURL: Bool,
        changed: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.renderer = renderer
        self.wake = wake
        self.hasPublicURL = hasPublicURL
        self.changed = changed
    }

    /// Checks `request` and stores the campaign as a draft, or scheduled when it names a send time.
    public func create(_ request: CampaignRequest, now: Date) async throws -> CampaignView {
        guard let renderer else {
            throw CampaignRequestError(field: "server", "creating a campaign needs a running server")
        }
        let settings = try await CampaignRequestCheck(store: store, renderer: renderer).check(request, now: now)
        if settings.sendAt != nil { try requirePublicURL() }
        var record = try await store.createCampaign(settings, now: now)
        if let sendAt = settings.sendAt,
            try await store.setCampaignState(id: record.id, to: .scheduled, note: nil, sendAt: sendAt, now: now)
        {
            record = try await store.campaign(id: record.id) ?? record
            changed()
        }
        return try await view(record, progress: nil)
    }

    /// Schedules a draft or scheduled campaign at `at` (text in its zone).
    public func schedule(id: Int64, at text: String, now: Date) async throws -> CampaignView {
        let campaign = try await existing(id)
        try requirePublicURL()
        let at = try CampaignRequestCheck.time(text, zone: campaign.settings.timeZone, field: "send_at")
        if let deadline = campaign.settings.deadline, deadline <= at {
            throw CampaignRequestError(field: "send_at", "the deadline comes before the send time")
        }
        guard try await store.setCampaignState(id: id, to: .scheduled, note: nil, sendAt: at, now: now) else {
            throw CampaignRequestError(
                field: "id", "campaign \(id) is \(campaign.state.rawValue) and cannot be scheduled")
        }
        changed()
        return try await show(id: id)
    }

    /// Starts a draft or scheduled campaign now.
    public func start(id: Int64, now: Date) async throws -> CampaignView {
        let campaign = try await existing(id)
        if campaign.state != .running {
            try requirePublicURL()
            if let deadline = campaign.settings.deadline, deadline <= now {
                throw CampaignRequestError(field: "deadline", "the deadline has passed")
            }
            guard try await store.setCampaignState(id: id, to: .running, note: nil, sendAt: now, now: now) else {
                throw CampaignRequestError(field: "id", "campaign \(id) is \(campaign.state.rawValue) and cannot start")
            }
        }
        changed()
        return try await show(id: id)
    }

    /// Pauses a running campaign and holds its waiting messages; again on a paused one holds anything left. `note`
    /// says why (the reputation guard names the rate it paused on); an operator's pause has none.
    public func pause(id: Int64, now: Date, note: String? = nil) async throws -> CampaignView {
        let campaign = try await existing(id)
        if campaign.state != .paused {
            guard try await store.setCampaignState(id: id, to: .paused, note: note, sendAt: nil, now: now) else {
                throw CampaignRequestError(field: "id", "campaign \(id) is \(campaign.state.rawValue) and cannot pause")
            }
        }
        _ = try await store.hold(RecipientSelector(tag: campaign.tag), now: now)
        changed()
        return try await show(id: id)
    }

    /// Resumes a paused campaign and releases its held messages.
    public func resume(id: Int64, now: Date) async throws -> CampaignView {
        let campaign = try await existing(id)
        if campaign.state != .running {
            try requirePublicURL()
            guard try await store.setCampaignState(id: id, to: .running, note: campaign.note, sendAt: nil, now: now)
            else {
                throw CampaignRequestError(
                    field: "id", "campaign \(id) is \(campaign.state.rawValue) and cannot resume")
            }
        }
        if try await store.release(RecipientSelector(tag: campaign.tag), now: now) > 0 { wake?.signal() }
        changed()
        return try await show(id: id)
    }

    /// Cancels a campaign: pending subscribers are not mailed and its waiting messages are deleted.
    public func cancel(id: Int64, now: Date) async throws -> CampaignView {
        let campaign = try await existing(id)
        if campaign.state != .cancelled {
            guard try await store.setCampaignState(id: id, to: .cancelled, note: "cancelled", sendAt: nil, now: now)
            else {
                throw CampaignRequestError(
                    field: "id", "campaign \(id) is \(campaign.state.rawValue) and cannot be cancelled")
            }
        }
        _ = try await store.cancelPending(campaign: id, now: now)
        _ = try await store.delete(RecipientSelector(tag: campaign.tag), now: now)
        changed()
        return try await show(id: id)
    }

    /// Deletes a draft.
    public func deleteDraft(id: Int64) async throws {
        let campaign = try await existing(id)
        guard try await store.deleteDraftCampaign(id: id) else {
            throw CampaignRequestError(field: "id", "campaign \(id) is \(campaign.state.rawValue), not a draft")
        }
    }

    /// One campaign with its progress and its opens and clicks.
    public func show(id: Int64) async throws -> CampaignView {
        let campaign = try await existing(id)
        return CampaignView(
            campaign, listNames: try await listNames(), progress: try await store.campaignProgress(campaign: id),
            engagement: try await store.engagementSummary(campaign: id))
    }

    /// Every campaign, newest first, without progress.
    public func list() async throws -> [CampaignView] {
        let names = try await listNames()
        return try await store.campaigns(states: nil).map { CampaignView($0, listNames: names, progress: nil) }
    }

    private func requirePublicURL() throws {
        guard hasPublicURL else {
            throw CampaignRequestError(
                field: "http.public_url",
                "campaign mail carries an unsubscribe link: set http.public_url or http.public_listen first")
        }
    }

    private func existing(_ id: Int64) async throws -> CampaignRecord {
        guard let campaign = try await store.campaign(id: id) else {
            throw CampaignRequestError(field: "id", "no campaign \(id)", notFound: true)
        }
        return campaign
    }

    private func view(_ record: CampaignRecord, progress: CampaignProgress?) async throws -> CampaignView {
        CampaignView(record, listNames: try await listNames(), progress: progress)
    }

    private func listNames() async throws -> [Int64: String] {
        Dictionary(uniqueKeysWithValues: try await store.lists().map { ($0.id, $0.name) })
    }
}

/// A campaign command refused, with the field at fault: an HTTP 4xx (404 when the campaign does not exist) and a CLI
/// error line.
public struct CampaignRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String
    public let notFound: Bool

    public init(field: String, _ message: String, notFound: Bool = false) {
        self.field = field
        self.message = message
        self.notFound = notFound
    }

    public var description: String { "\(field): \(message)" }
}
