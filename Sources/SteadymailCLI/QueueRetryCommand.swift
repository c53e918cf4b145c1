import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail queue retry [--id ID] [--domain D] [--relay R] [--sender S] [--tag T]`: makes deferred recipients due
/// now (like Postfix's `postqueue -f`); without options, every deferred recipient.
struct QueueRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Make deferred recipients due now (all, or those selected). Idempotent.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var selection: QueueSelectionOptions
    @Flag(help: "Print JSON: {\"retried\": N}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .retry, selector: selection.query))
        let count = response.retried ?? 0
        if json { return try printJSON(["retried": count]) }
        print("\(count) deferred recipient\(count == 1 ? "" : "s") due now")
    }
}
