import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail queue release`: takes the selected held recipients back into delivery, due at once (like Postfix's
/// `postsuper -H`).
struct QueueReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release the selected held recipients: due now. Idempotent.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var selection: QueueSelectionOptions
    @Flag(help: "Print JSON: {\"released\": N}.") var json = false

    func validate() throws { try selection.requireSelection(for: "release") }

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .release, selector: selection.query))
        try printOperation("released", count: response.released ?? 0, json: json)
    }
}
