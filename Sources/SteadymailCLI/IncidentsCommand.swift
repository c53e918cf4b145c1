import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail incidents`: outages the monitors saw, newest first, with what each cost the mail.
struct IncidentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incidents",
        abstract:
            "List incidents: monitor, relay, start, duration, cause, and recipients failed over, deferred, expired.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Only incidents still open.") var open = false
    @Option(help: "At most this many, newest first.") var limit = 50
    @Flag(help: "Print JSON: {\"incidents\": [...]}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(command: .incidents, incidents: IncidentQuery(openOnly: open, limit: limit)))
        let incidents = response.incidents ?? []
        if json { return try printJSON(IncidentList(incidents: incidents)) }
        var rows = [
            ["ID", "MONITOR", "RELAY", "STATE", "OPENED", "DURATION", "FAILED OVER", "DEFERRED", "EXPIRED", "CAUSE"]
        ]
        for incident in incidents {
            rows.append([
                String(incident.id), incident.monitor, incident.relay ?? "", incident.state, incident.openedAt,
                String(format: "%.0f s", incident.durationSeconds), String(incident.impact.failedOver),
                String(incident.impact.deferred), String(incident.impact.expired), incident.cause,
            ])
        }
        print(table(rows))
    }
}

/// `steadymail incident [show] ID`: one incident with its updates and its impact on mail; `steadymail incident note`
/// sets its public note.
struct IncidentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "Show one incident, or set the public note the status page shows for it.",
        subcommands: [IncidentShowCommand.self, IncidentNoteCommand.self], defaultSubcommand: IncidentShowCommand.self)
}

/// `steadymail incident [show] ID`: one incident with its updates and its impact on mail.
struct IncidentShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one incident: its updates and what it cost the mail.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The incident's id.") var id: Int64
    @Flag(help: "Print the incident as JSON.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(command: .incident, incidents: IncidentQuery(id: id)))
        guard let incident = response.incidents?.first else {
            throw ControlError.protocolError("the server sent no incident")
        }
        if json { return try printJSON(incident) }
        let impact = incident.impact
        print(
            """
            incident \(incident.id): monitor \(incident.monitor)\(incident.relay.map { " (relay \($0))" } ?? "")
            state     \(incident.state), opened \(incident.openedAt)\(incident.closedAt.map { ", closed \($0)" } ?? "")
            duration  \(String(format: "%.1f s", incident.durationSeconds))
            cause     \(incident.cause)
            impact    \(impact.affected) recipients: \(impact.failedOver) failed over, \(impact.deferred) deferred, \
            \(impact.expired) expired, \(impact.stillWaiting) still waiting
            """)
        if let delay = impact.delaySeconds {
            print(String(format: "delay     p50 %.1f s, p95 %.1f s, max %.1f s", delay.p50, delay.p95, delay.max))
        }
        if !impact.priorities.isEmpty {
            print("priority  " + impact.priorities.map { "\($0.priority) \($0.recipients)" }.joined(separator: ", "))
        }
        if !impact.tags.isEmpty {
            print("tags      " + impact.tags.map { "\($0.tag) \($0.recipients)" }.joined(separator: ", "))
        }
        if let note = incident.publicNote { print("public    \(note)") }
        for update in incident.updates { print("update    \(update.at) \(update.message)") }
    }
}

/// The JSON document of `steadymail incidents --json` and `GET /v1/incidents`.
struct IncidentList: Encodable {
    var incidents: [IncidentView]
}
