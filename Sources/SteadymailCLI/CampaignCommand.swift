import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail campaign create|schedule|start|pause|resume|cancel|show|report`: one campaign, on the running server.
struct CampaignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Create, schedule, start, pause, resume, cancel, show or report a campaign.",
        subcommands: [
            CampaignCreateCommand.self, CampaignScheduleCommand.self, CampaignActionCommand.Start.self,
            CampaignActionCommand.Pause.self, CampaignActionCommand.Resume.self, CampaignActionCommand.Cancel.self,
            CampaignShowCommand.self, CampaignReportCommand.self,
        ])
}

/// `steadymail campaign create NAME --template T --list L ... --from ADDR`: a draft, or scheduled with `--at`.
struct CampaignCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a campaign (a draft, or scheduled when --at is given).")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The campaign's name.") var name: String
    @Option(help: "The template to render for each subscriber.") var template: String
    @Option(help: "A list to send to; repeat for several (a subscriber on two is mailed once).") var list: [String]
    @Option(help: "A segment expression filtering the lists' subscribers.") var segment: String?
    @Option(help: "The From address (also the envelope sender).") var from: String
    @Option(help: "The name shown with the From address.") var fromName: String?
    @Option(help: "bulk (the default) or time-critical.") var priority: String?
    @Option(help: "Messages per minute; unthrottled without it.") var throttle: Int?
    @Option(help: "Daily send window in the campaign's time zone, HH:MM-HH:MM (may cross midnight).") var window:
        String?
    @Option(help: "The campaign's IANA time zone, for --window, --at and --deadline (default UTC).") var timeZone:
        String?
    @Option(help: "When to start, \"YYYY-MM-DD HH:MM\" in the time zone (or ISO 8601).") var at: String?
    @Option(help: "After this time nothing more is sent, \"YYYY-MM-DD HH:MM\" (or ISO 8601).") var deadline: String?
    @Flag(
        inversion: .prefixedNo,
        help: "Track opens (a pixel) and clicks (links through the public URL); on unless --no-tracking.")
    var tracking = true
    @Flag(help: "Print the new campaign as JSON.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let request = CampaignRequest(
            name: name, template: template, lists: list, segment: segment, from: from, fromName: fromName,
            priority: priority, throttle: throttle, window: window, timeZone: timeZone, sendAt: at, deadline: deadline,
            tracking: tracking)
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .campaignCreate, campaign: request))
        try printCampaign(response, json: json)
    }
}

/// `steadymail campaign schedule ID --at "..."`.
struct CampaignScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule", abstract: "Schedule a draft (or move a scheduled campaign) to a send time.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The campaign's id.") var id: Int64
    @Option(help: "When to start, \"YYYY-MM-DD HH:MM\" in the campaign's time zone (or ISO 8601).") var at: String
    @Flag(help: "Print the campaign as JSON.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .campaignSchedule, campaign: CampaignRequest(id: id, sendAt: at)))
        try printCampaign(response, json: json)
    }
}

/// `steadymail campaign start|pause|resume|cancel ID`: the commands that take only the campaign's id.
enum CampaignActionCommand {
    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a campaign now.")
        @OptionGroup var action: CampaignActionOptions
        func run() async throws { try await action.run(.campaignStart) }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause", abstract: "Pause a campaign: nothing more is queued and its queued messages are held."
        )
        @OptionGroup var action: CampaignActionOptions
        func run() async throws { try await action.run(.campaignPause) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume", abstract: "Resume a paused campaign and release its held messages.")
        @OptionGroup var action: CampaignActionOptions
        func run() async throws { try await action.run(.campaignResume) }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cancel",
            abstract: "Cancel a campaign: pending subscribers are not mailed and its queued messages are deleted.")
        @OptionGroup var action: CampaignActionOptions
        func run() async throws { try await action.run(.campaignCancel) }
    }
}

/// The id and flags every campaign action takes.
struct CampaignActionOptions: ParsableArguments {
    @OptionGroup var options: ConfigOptions
    @Argument(help: "The campaign's id.") var id: Int64
    @Flag(help: "Print the campaign as JSON.") var json = false

    func run(_ command: ControlRequest.Command) async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: command, campaign: CampaignRequest(id: id)))
        try printCampaign(response, json: json)
    }
}

/// `steadymail campaign show ID [--json]`: settings, state and note, ledger and delivery counts.
struct CampaignShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a campaign: settings, state and why, ledger and delivery counts.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The campaign's id.") var id: Int64
    @Flag(help: "Print the campaign as JSON.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(command: .campaignShow, campaign: CampaignRequest(id: id)))
        try printCampaign(response, json: json)
    }
}

/// Prints the one campaign of a response, as JSON or as lines of text.
func printCampaign(_ response: ControlResponse, json: Bool) throws {
    guard let campaign = response.campaigns?.first else {
        throw ControlError.protocolError("the server sent no campaign")
    }
    if json { return try printJSON(campaign) }
    var lines = [
        "campaign \(campaign.id): \(campaign.name)",
        "state: \(campaign.state.rawValue)" + (campaign.note.map { " (\($0))" } ?? ""),
        "template: \(campaign.template)",
        "lists: \(campaign.lists.joined(separator: ", "))",
        "from: \(campaign.from)",
        "priority: \(campaign.priority.rawValue)",
        "throttle: " + (campaign.throttlePerMinute.map { "\($0)/min" } ?? "none"),
        "window: \(campaign.window ?? "none") \(campaign.timeZone)",
        "tracking: \(campaign.tracking ? "on" : "off")",
    ]
    if let segment = campaign.segment { lines.append("segment: \(segment)") }
    if let sendAt = campaign.sendAt { lines.append("send at: \(sendAt)") }
    if let deadline = campaign.deadline { lines.append("deadline: \(deadline)") }
    if let progress = campaign.progress {
        func counts(_ values: [String: Int]) -> String {
            values.isEmpty
                ? "-" : values.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        lines.append("ledger: \(counts(progress.ledger))")
        if !progress.skipped.isEmpty { lines.append("skipped: \(counts(progress.skipped))") }
        lines.append("queue: \(counts(progress.queue))")
        if !progress.queueExpired.isEmpty { lines.append("queue expired: \(counts(progress.queueExpired))") }
        lines.append("expired by deadline: \(progress.expiredByDeadline)")
    }
    if let engagement = campaign.engagement {
        lines.append(
            "opens: \(engagement.opens) (\(engagement.uniqueOpens) unique), clicks: \(engagement.clicks) "
                + "(\(engagement.uniqueClicks) unique)")
    }
    print(lines.joined(separator: "\n"))
}
