import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail queue delete`: gives up the selected queued, deferred and held recipients for good (state `expired`,
/// reason `deleted`; like Postfix's `postsuper -d`, no notice goes to the sender). Asks first unless `--yes`.
struct QueueDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete the selected waiting recipients (expired, reason deleted; no notice is sent).")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var selection: QueueSelectionOptions
    @Flag(help: "Delete without asking (required when standard input is not a terminal).") var yes = false
    @Flag(help: "Print JSON: {\"deleted\": N, \"in_flight\": M}.") var json = false

    func validate() throws { try selection.requireSelection(for: "delete") }

    func run() async throws {
        let configuration = try options.load()
        let client = ControlClient(path: configuration.controlSocket)
        if !yes {
            guard isatty(STDIN_FILENO) == 1 else {
                FileHandle.standardError.write(
                    Data("steadymail: queue delete asks for confirmation on a terminal; add --yes to delete\n".utf8))
                throw ExitCode.failure
            }
            guard try await confirm(client) else {
                print("nothing deleted")
                return
            }
        }
        let response = try await client.send(ControlRequest(command: .delete, selector: selection.query))
        try printOperation("deleted", count: response.deleted ?? 0, inFlight: response.inFlight ?? 0, json: json)
    }

    /// Shows how many recipients the selection would delete and reads the operator's answer.
    private func confirm(_ client: ControlClient) async throws -> Bool {
        let selected =
            try await client.send(ControlRequest(command: .countSelected, selector: selection.query))
            .selected ?? [:]
        let count = ["queued", "deferred", "held"].reduce(0) { $0 + (selected[$1] ?? 0) }
        FileHandle.standardOutput.write(Data("Delete \(count) recipient\(count == 1 ? "" : "s")? [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        return answer == "y" || answer == "yes"
    }
}
