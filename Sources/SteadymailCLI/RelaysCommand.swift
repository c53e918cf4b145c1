import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail relays`: the live state of every relay of the running server.
struct RelaysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relays",
        abstract: "Show each relay: circuit state, pace, weight, group, connections, counts, last error.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print a JSON array, one object per relay.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(ControlRequest(command: .relays))
        let relays = response.relays ?? []
        if json { return try printJSON(relays) }
        var rows = [
            [
                "RELAY", "STATE", "PACE", "CONNS", "RATE", "WEIGHT", "GROUP", "OPEN", "SENT", "DEFERRED", "BOUNCED",
                "FAILURES", "THROTTLES", "LAST ERROR",
            ]
        ]
        for relay in relays {
            rows.append([
                relay.name, relay.state, relay.pace, String(relay.connectionLimit), rateText(relay.rateLimit),
                String(relay.weight), String(relay.priorityGroup), String(relay.openConnections), String(relay.sent),
                String(relay.deferred), String(relay.bounced), String(relay.failures), String(relay.throttles),
                relay.lastError ?? "",
            ])
        }
        print(table(rows))
    }
}
