import Foundation
import SteadymailDomain
import SteadymailStorage

/// Answers control requests from a queue store and, on a running server, intake.
///
/// The CLI uses the same handler over a read-only store when no server runs, so both paths print the same thing.
public struct QueueControlHandler: ControlRequestHandler {
    let store: any QueueStore
    let pipeline: IntakePipeline?
    let relays: (any RelayControl)?
    let operations: QueueOperations?
    let reload: (@Sendable () async -> ReloadOutcome)?
    let destinations: (any DestinationControl)?
    /// `webhooks.allow_private_targets`, for the checks of `webhook add`.
    let allowPrivateWebhookTargets: Bool
    let monitors: (any MonitorControl)?
    /// Maintenance windows; offline it lists and suggests only.
    let maintenance: MaintenanceOperations?
    let sla: (any SLAReporting)?
    /// The running server's templates; offline a fresh one over the store serves reads.
    let templates: Templates?
    /// Double opt-in confirmations; nil when no server runs.
    let confirmations: SubscriptionConfirmations?
    /// Campaign commands; offline (nil) only show and list, from the store.
    let campaigns: CampaignOperations?

    /// `pipeline`, `relays`, `operations`, `reload`, `destinations` and `monitors` are nil when no server runs (the CLI reading
    /// the database directly).
    public init(
        store: any QueueStore, pipeline: IntakePipeline?, relays: (any RelayControl)? = nil,
        operations: QueueOperations? = nil, reload: (@Sendable () async -> ReloadOutcome)? = nil,
        destinations: (any DestinationControl)? = nil, allowPrivateWebhookTargets: Bool = false,
        monitors: (any MonitorControl)? = nil, maintenance: MaintenanceOperations? = nil,
        sla: (any SLAReporting)? = nil, templates: Templates? = nil,
        confirmations: SubscriptionConfirmations? = nil, campaigns: CampaignOperations? = nil
    ) {
        self.confirmations = confirmations
        self.store = store
        self.pipeline = pipeline
        self.relays = relays
        self.operations = operations
        self.reload = reload
        self.destinations = destinations
        self.allowPrivateWebhookTargets = allowPrivateWebhookTargets
        self.monitors = monitors
        self.maintenance = maintenance
        self.sla = sla
        self.templates = templates
        self.campaigns = campaigns
    }

    public func handle(_ request: ControlRequest) async -> ControlResponse {
        do {
            switch request.command {
            case .counts:
                return ControlResponse(counts: CountsView(try await store.counts()))
            case .list:
                let query = request.list ?? ListQuery()
                let records = try await store.recipients(matching: query.filter(now: Date()))
                return ControlResponse(recipients: records.map(RecipientView.init))
            case .message:
                guard let text = request.messageID, let id = QueueID(text) else {
                    return ControlResponse(error: "not a queue id: \(request.messageID ?? "")")
                }
                guard let detail = try await store.message(id) else {
                    return ControlResponse(error: "no message \(id) in the queue")
                }
                return ControlResponse(message: MessageView(detail))
            case .submit:
                return await submit(request.submission)
            case .relays:
                guard let relays else { return ControlResponse(error: "relay state needs a running server") }
                return ControlResponse(relays: await relays.snapshot())
            case .destinations:
                guard let destinations else {
                    return ControlResponse(error: "destination state needs a running server")
                }
                return ControlResponse(destinations: await destinations.snapshot())
            case .retry:
                return try await operate(request) { operations, selector in
                    ControlResponse(retried: try await operations.retry(selector))
                }
            case .reload:
                guard let reload else { return ControlResponse(error: "reloading needs a running server") }
                let outcome = await reload()
                if let error = outcome.error { return ControlResponse(error: "reload refused: \(error)") }
                return ControlResponse(reload: outcome)
            case .hold:
                return try await operate(request) { operations, selector in
                    let outcome = try await operations.hold(selector)
                    return ControlResponse(held: outcome.changed, inFlight: outcome.inFlight)
                }
            case .release:
                return try await operate(request) { operations, selector in
                    ControlResponse(released: try await operations.release(selector))
                }
            case .delete:
                return try await operate(request) { operations, selector in
                    let outcome = try await operations.delete(selector)
                    return ControlResponse(deleted: outcome.changed, inFlight: outcome.inFlight)
                }
            case .countSelected:
                let counts = try await store.counts(of: try (request.selector ?? SelectorQuery()).selector())
                return ControlResponse(
                    selected: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }))
            case .apiKeyCreate, .apiKeyList, .apiKeyRevoke:
                return try await handleAPIKeys(request)
            case .webhookAdd, .webhookList, .webhookRemove:
                return try await handleWebhooks(request)
            case .sla:
                guard let sla else { return ControlResponse(error: "the sla report needs a running server") }
                return ControlResponse(sla: try await sla.report())
            case .monitors, .monitor, .monitorAdd, .monitorRemove, .incidents, .incident, .incidentNote:
                return try await handleMonitoring(request)
            case .maintenanceAdd, .maintenanceList, .maintenanceRemove, .maintenanceSuggest:
                return try await handleMaintenance(request)
            case .templateSave, .templateList, .templateShow, .templateRemove, .templatePreview:
                return try await handleTemplates(request)
            case .lists, .listCreate, .listShow, .listRemove, .subscribers, .subscriberAdd, .subscriberShow,
                .subscriberSet, .subscriberExport, .subscriberRemove, .subscribersImport, .subscriberSubscribe,
                .subscriberUnsubscribe, .suppressions, .suppressionAdd, .suppressionRemove:
                return try await handleAudience(request)
            case .campaignCreate, .campaignSchedule, .campaignStart, .campaignPause, .campaignResume, .campaignCancel,
                .campaignShow, .campaignList, .campaignReport:
                return try await handleCampaign(request)
            case .pauseRelay, .resumeRelay:
                guard let relays else { return ControlResponse(error: "pausing a relay needs a running server") }
                guard let name = request.relay, await relays.setPaused(name, paused: request.command == .pauseRelay)
                else { return ControlResponse(error: "no relay named \(request.relay ?? "")") }
                return ControlResponse(relays: await relays.snapshot())
            }
        } catch {
            return ControlResponse(error: "\(error)")
        }
    }

    /// Runs one queue operation with the request's selector. Every operation but `retry` refuses an empty selector:
    /// holding or deleting the whole queue because an option was forgotten would be hard to undo.
    private func operate(
        _ request: ControlRequest,
        _ body: (QueueOperations, RecipientSelector) async throws -> ControlResponse
    ) async throws -> ControlResponse {
        guard let operations else {
            return ControlResponse(error: "\(request.command.rawValue) needs a running server")
        }
        let selector = try (request.selector ?? SelectorQuery()).selector()
        guard request.command == .retry || !selector.isEmpty else {
            return ControlResponse(
                error: "\(request.command.rawValue) needs a selection: --id, --domain, --sender, --tag or --relay")
        }
        return try await body(operations, selector)
    }

    private func submit(_ submission: Submission?) async -> ControlResponse {
        guard let pipeline else { return ControlResponse(error: "submitting needs a running server") }
        guard let submission, !submission.recipients.isEmpty else {
            return ControlResponse(error: "a submission needs at least one recipient")
        }
        let request = IntakeRequest(
            sender: submission.sender, recipients: submission.recipients, content: Array(submission.content),
            trace: IntakeRewriter.Trace(
                heloName: "localhost", clientAddress: "127.0.0.1", protocolName: "local",
                singleRecipient: submission.recipients.count == 1 ? submission.recipients[0] : nil),
            origin: "control", interface: .control, submitter: nil, priority: submission.priority,
            deliverBy: submission.deliverBy)
        do {
            return ControlResponse(queuedID: try await pipeline.accept(request).rawValue)
        } catch {
            return ControlResponse(error: "not queued: \(error.description)")
        }
    }
}
