import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail queue hold`: stops delivery of the selected waiting recipients until `queue release` (like Postfix's
/// `postsuper -h`). Held recipients do not expire; in-flight ones finish their attempt.
struct QueueHoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Hold the selected queued and deferred recipients: no delivery, no expiry, until released.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var selection: QueueSelectionOptions
    @Flag(help: "Print JSON: {\"held\": N, \"in_flight\": M}.") var json = false

    func validate() throws { try selection.requireSelection(for: "hold") }

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .hold, selector: selection.query))
        try printOperation("held", count: response.held ?? 0, inFlight: response.inFlight ?? 0, json: json)
    }
}
