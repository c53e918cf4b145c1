import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail destinations`: the live limits of every destination of the running server.
struct DestinationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "destinations",
        abstract: "Show each configured destination, and each domain slowed by a throttle: limits, pace, in flight.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print a JSON array, one object per destination.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .destinations))
        let destinations = response.destinations ?? []
        if json { return try printJSON(destinations) }
        var rows = [
            [
                "DESTINATION", "DOMAINS", "CONCURRENCY", "RATE", "PACE", "CONNS", "PACED RATE", "IN FLIGHT",
                "THROTTLES", "LAST THROTTLE",
            ]
        ]
        for destination in destinations {
            rows.append([
                destination.name, destination.domains.joined(separator: ","),
                destination.concurrency.map(String.init) ?? "-", rateText(destination.rate), destination.pace,
                String(destination.connectionLimit), rateText(destination.rateLimit), String(destination.inFlight),
                String(destination.throttles), destination.lastThrottle ?? "",
            ])
        }
        print(table(rows))
    }
}

/// A rate in messages per second as the tables print it; `unlimited` for none.
func rateText(_ rate: Double?) -> String {
    rate.map { String(format: "%g/s", $0) } ?? "unlimited"
}
