import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail incident note ID "text"` or `--clear`: the note the public status page shows for an incident.
///
/// It goes through the running server's control socket, like every command that changes its state.
struct IncidentNoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Set (or --clear) the public note of an incident, shown on the status page (at most 1000 characters)."
    )

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The incident's id.") var id: Int64
    @Argument(help: "The note; anyone reading the status page sees it.") var text: String?
    @Flag(help: "Remove the note.") var clear = false
    @Flag(help: "Print the incident as JSON.") var json = false

    func validate() throws {
        guard clear != (text != nil) else {
            throw ValidationError("give either the note's text or --clear")
        }
    }

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .incidentNote, incidents: IncidentQuery(id: id, note: clear ? nil : text)))
        guard let incident = response.incidents?.first else {
            throw ControlError.protocolError("the server sent no incident")
        }
        if json { return try printJSON(incident) }
        print("incident \(incident.id): public note \(incident.publicNote.map { "\"\($0)\"" } ?? "removed")")
    }
}
