import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail queue retry [--id ID | --domain D]`: makes deferred recipients due now (like Postfix's `postqueue -f`).
struct QueueRetryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry",
        abstract: "Make deferred recipients due now (all, one message, or one domain). Idempotent.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Only this message (the queue id from the 250 reply).") var id: String?
    @Option(help: "Only recipients at this domain.") var domain: String?
    @Flag(help: "Print JSON: {\"retried\": N}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .retry, messageID: id, domain: domain))
        let count = response.retried ?? 0
        if json { return try printJSON(["retried": count]) }
        print("\(count) deferred recipient\(count == 1 ? "" : "s") due now")
    }
}
