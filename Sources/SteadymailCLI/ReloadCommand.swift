import ArgumentParser
import Foundation
import SteadymailConfig
import SteadymailServer

/// `steadymail reload`: the running server re-reads its configuration file, like SIGHUP.
struct ReloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload",
        abstract: "Re-read the configuration: relays, routes and limits change without a restart.",
        discussion: """
            An invalid file is refused with its error (exit status 78) and the running configuration stays in force. \
            Settings that only a restart can change (listen addresses, data_dir, storage, ...) are listed.
            """)

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print JSON: {\"applied\": [...], \"restart_needed\": [...]}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response: ControlResponse
        do {
            response = try await ControlClient(path: configuration.controlSocket).send(ControlRequest(command: .reload))
        } catch ControlError.server(let message) {
            FileHandle.standardError.write(Data("steadymail: \(message)\n".utf8))
            throw ExitCode(ConfigError.exitCode)
        }
        let outcome = response.reload ?? ReloadOutcome()
        if json { return try printJSON(outcome) }
        print(outcome.applied.isEmpty ? "reloaded: no change" : "reloaded: \(outcome.applied.joined(separator: ", "))")
        if !outcome.restartNeeded.isEmpty {
            print("restart needed for: \(outcome.restartNeeded.joined(separator: ", "))")
        }
    }
}
