import Foundation
import SteadymailDomain
import SteadymailStorage
import SteadymailTemplates

/// One request a CLI command sends to the running server over the control socket, one JSON object per line.
///
/// It exists so that commands that read or change a running server go through the server itself, never by writing
/// its database from a second process.
public struct ControlRequest: Codable, Sendable {
    public enum Command: String, Codable, Sendable {
        case counts, list, message, submit, relays, pauseRelay = "pause_relay", resumeRelay = "resume_relay", retry,
            reload
        case hold, release, delete
        case destinations
        /// Counts the recipients a selector matches, per state, changing nothing (what `queue delete` asks about).
        case countSelected = "count_selected"
        case apiKeyCreate = "apikey_create", apiKeyList = "apikey_list", apiKeyRevoke = "apikey_revoke"
        case webhookAdd = "webhook_add", webhookList = "webhook_list", webhookRemove = "webhook_remove"
        case monitors, monitor, monitorAdd = "monitor_add", monitorRemove = "monitor_remove"
        case incidents, incident
        /// Sets or clears the public note of an incident (`IncidentQuery.id`, `note`; nil clears).
        case incidentNote = "incident_note"
        case maintenanceAdd = "maintenance_add", maintenanceList = "maintenance_list",
            maintenanceRemove = "maintenance_remove", maintenanceSuggest = "maintenance_suggest"
        /// The SLA and delivery-objective report.
        case sla
        /// Message templates (`TemplateRequest`): save (insert or replace), list, show, remove, preview.
        case templateSave = "template_save", templateList = "template_list", templateShow = "template_show",
            templateRemove = "template_remove", templatePreview = "template_preview"
        /// Lists and subscribers (`AudienceRequest` in `audience`).
        case lists, listCreate = "list_create", listShow = "list_show", listRemove = "list_remove"
        case subscribers, subscriberAdd = "subscriber_add", subscriberShow = "subscriber_show",
            subscriberSet = "subscriber_set", subscriberExport = "subscriber_export",
            subscriberRemove = "subscriber_remove", subscribersImport = "subscribers_import"
        /// Puts a known subscriber on more lists (`email`, `lists`, `preconfirm`, `resubscribe`) or takes them off.
        case subscriberSubscribe = "subscriber_subscribe", subscriberUnsubscribe = "subscriber_unsubscribe"
        /// The suppression list: a page (`reason`, `after_email`, `limit`), add (`email`, `reason`, `note`), remove.
        case suppressions, suppressionAdd = "suppression_add", suppressionRemove = "suppression_remove"
        case campaignCreate = "campaign_create", campaignSchedule = "campaign_schedule",
            campaignStart = "campaign_start", campaignPause = "campaign_pause", campaignResume = "campaign_resume",
            campaignCancel = "campaign_cancel", campaignShow = "campaign_show", campaignList = "campaign_list"
        /// A campaign's report (`CampaignRequest.id`).
        case campaignReport = "campaign_report"
    }

    public var command: Command
    public var list: ListQuery?
    public var messageID: String?
    public var submission: Submission?
    /// The relay a pause or resume is about.
    public var relay: String?
    /// For `retry`, `hold`, `release`, `delete` and `count_selected`: which recipients.
    public var selector: SelectorQuery?
    /// For `apikey_create`: the new key's name and scope; for `apikey_revoke`: its id in `name`.
    public var apiKey: APIKeyRequest?
    /// For `webhook_add`: the new subscription; for `webhook_remove`: its id.
    public var webhook: WebhookRequest?
    /// For `monitor`, `monitor_add` and `monitor_remove`: which monitor, or the new one.
    public var monitor: MonitorRequest?
    /// For `incidents` and `incident`: which incidents.
    public var incidents: IncidentQuery?
    /// For the `maintenance_*` commands: the window, or what to suggest.
    public var maintenance: MaintenanceRequest?
    /// For the `template_*` commands: the template, or its name.
    public var template: TemplateRequest?
    /// For the list and subscriber commands.
    public var audience: AudienceRequest?
    /// For the `campaign_*` commands: the campaign's id, or a new campaign's settings.
    public var campaign: CampaignRequest?

    public init(
        command: Command, list: ListQuery? = nil, messageID: String? = nil, submission: Submission? = nil,
        relay: String? = nil, selector: SelectorQuery? = nil, apiKey: APIKeyRequest? = nil,
        webhook: WebhookRequest? = nil, monitor: MonitorRequest? = nil, incidents: IncidentQuery? = nil,
        maintenance: MaintenanceRequest? = nil, template: TemplateRequest? = nil, audience: AudienceRequest? = nil,
        campaign: CampaignRequest? = nil
    ) {
        self.audience = audience
        self.command = command
        self.list = list
        self.messageID = messageID
        self.submission = submission
        self.relay = relay
        self.selector = selector
        self.apiKey = apiKey
        self.webhook = webhook
        self.monitor = monitor
        self.incidents = incidents
        self.maintenance = maintenance
        self.template = template
        self.campaign = campaign
    }

    enum CodingKeys: String, CodingKey {
        case command, list, submission, relay, selector, webhook, monitor, incidents, maintenance, template, audience
        case campaign
        case messageID = "message_id"
        case apiKey = "api_key"
    }
}

/// The filters of `steadymail queue list`, as sent over the control socket.
public struct ListQuery: Codable, Sendable, Equatable {
    public var states: [RecipientState]?
    public var domain: String?
    /// Only messages at least this many seconds old.
    public var olderThanSeconds: Double?
    public var limit: Int

    public init(
        states: [RecipientState]? = nil, domain: String? = nil, olderThanSeconds: Double? = nil, limit: Int = 1000
    ) {
        self.states = states
        self.domain = domain
        self.olderThanSeconds = olderThanSeconds
        self.limit = limit
    }

    enum CodingKeys: String, CodingKey {
        case states, domain, limit
        case olderThanSeconds = "older_than_seconds"
    }

    /// The storage filter this query means at `now`.
    public func filter(now: Date) -> RecipientFilter {
        RecipientFilter(
            states: states.map(Set.init), domain: domain?.lowercased(),
            receivedBefore: olderThanSeconds.map { now.addingTimeInterval(-$0) }, limit: max(1, min(limit, 100_000)))
    }
}

/// A message submitted by `steadymail send`: envelope and complete content, queued through the same intake as SMTP.
public struct Submission: Codable, Sendable, Equatable {
    public var sender: String
    public var recipients: [String]
    public var content: Data
    public var priority: Priority?
    public var deliverBy: Date?

    public init(sender: String, recipients: [String], content: Data, priority: Priority?, deliverBy: Date?) {
        self.sender = sender
        self.recipients = recipients
        self.content = content
        self.priority = priority
        self.deliverBy = deliverBy
    }

    enum CodingKeys: String, CodingKey {
        case sender, recipients, content, priority
        case deliverBy = "deliver_by"
    }
}

/// The server's answer to one `ControlRequest`: either `error`, or the fields that answer its command.
public struct ControlResponse: Codable, Sendable {
    public var error: String?
    public var counts: CountsView?
    public var recipients: [RecipientView]?
    public var message: MessageView?
    public var queuedID: String?
    public var relays: [RelayView]?
    /// For `retry`: how many deferred recipients were made due.
    public var retried: Int?
    /// For `reload`: what took effect and what waits for a restart.
    public var reload: ReloadOutcome?
    /// For `apikey_list`, `apikey_create` and `apikey_revoke`: the keys concerned, without their hashes.
    public var apiKeys: [APIKeyView]?
    /// For `apikey_create`: the key text, shown this once.
    public var createdKey: String?
    /// For `hold`: how many recipients were held.
    public var held: Int?
    /// For `release`: how many held recipients were made due.
    public var released: Int?
    /// For `delete`: how many recipients were deleted.
    public var deleted: Int?
    /// For `hold` and `delete`: how many selected recipients were in flight and left to their delivery attempt.
    public var inFlight: Int?
    /// For `count_selected`: the selected recipients per state name (states without any left out).
    public var selected: [String: Int]?
    /// For `destinations`: each configured destination, and each domain a throttle slowed.
    public var destinations: [DestinationView]?
    /// For `webhook_list` and `webhook_add`: the subscriptions concerned, without their secrets.
    public var webhooks: [WebhookView]?
    /// For `webhook_add`: the signing secret, shown this once.
    public var webhookSecret: String?
    /// For `monitors` every monitor; for `monitor` and `monitor_add` the one concerned.
    public var monitors: [MonitorView]?
    /// For `monitor`: its newest results, newest first.
    public var probeResults: [ProbeResultView]?
    /// For `incidents` the incidents asked for; for `incident` the one.
    public var incidents: [IncidentView]?
    /// For `maintenance_list`, and `maintenance_add` (the new one).
    public var maintenanceWindows: [MaintenanceWindowView]?
    /// For `maintenance_suggest`: the candidates, quietest first.
    public var maintenanceCandidates: [MaintenanceCandidateView]?
    /// For `sla`: the report.
    public var sla: SLAReportView?
    /// For `template_list` every template; for `template_show` and `template_save` the one concerned.
    public var templates: [TemplateView]?
    /// For `template_preview`: the rendered subject, HTML and text.
    public var rendered: RenderedContent?
    /// For the list and subscriber commands.
    public var audience: AudienceResponse?
    /// For the `campaign_*` commands: the campaign concerned; for `campaign_list` every campaign.
    public var campaigns: [CampaignView]?
    /// For `campaign_report`: the report.
    public var campaignReport: CampaignReportView?

    public init(
        error: String? = nil, counts: CountsView? = nil, recipients: [RecipientView]? = nil,
        message: MessageView? = nil, queuedID: String? = nil, relays: [RelayView]? = nil,
        retried: Int? = nil, held: Int? = nil, released: Int? = nil, deleted: Int? = nil, inFlight: Int? = nil,
        selected: [String: Int]? = nil, reload: ReloadOutcome? = nil,
        apiKeys: [APIKeyView]? = nil, createdKey: String? = nil, destinations: [DestinationView]? = nil,
        webhooks: [WebhookView]? = nil, webhookSecret: String? = nil, monitors: [MonitorView]? = nil,
        probeResults: [ProbeResultView]? = nil, incidents: [IncidentView]? = nil,
        maintenanceWindows: [MaintenanceWindowView]? = nil, maintenanceCandidates: [MaintenanceCandidateView]? = nil,
        sla: SLAReportView? = nil, templates: [TemplateView]? = nil, rendered: RenderedContent? = nil,
        audience: AudienceResponse? = nil, campaigns: [CampaignView]? = nil,
        campaignReport: CampaignReportView? = nil
    ) {
        self.audience = audience
        self.campaignReport = campaignReport
        self.error = error
        self.counts = counts
        self.recipients = recipients
        self.message = message
        self.queuedID = queuedID
        self.relays = relays
        self.retried = retried
        self.held = held
        self.released = released
        self.deleted = deleted
        self.inFlight = inFlight
        self.selected = selected
        self.reload = reload
        self.apiKeys = apiKeys
        self.createdKey = createdKey
        self.destinations = destinations
        self.webhooks = webhooks
        self.webhookSecret = webhookSecret
        self.monitors = monitors
        self.probeResults = probeResults
        self.incidents = incidents
        self.maintenanceWindows = maintenanceWindows
        self.maintenanceCandidates = maintenanceCandidates
        self.sla = sla
        self.templates = templates
        self.rendered = rendered
        self.campaigns = campaigns
    }

    enum CodingKeys: String, CodingKey {
        case error, counts, recipients, message, relays, retried, held, released, deleted, selected, reload
        case destinations, webhooks, monitors, incidents, sla, templates, rendered, audience, campaigns
        case probeResults = "probe_results"
        case apiKeys = "api_keys"
        case createdKey = "created_key"
        case queuedID = "queued_id"
        case inFlight = "in_flight"
        case webhookSecret = "webhook_secret"
        case maintenanceWindows = "maintenance_windows"
        case maintenanceCandidates = "maintenance_candidates"
        case campaignReport = "campaign_report"
    }
}
