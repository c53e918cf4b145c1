import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail monitors`: every monitor of the running server with its state and newest result.
struct MonitorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitors", abstract: "Show each monitor: type, relay, state, since when, and its newest result.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print JSON: {\"monitors\": [...]}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .monitors))
        let monitors = response.monitors ?? []
        if json { return try printJSON(MonitorList(monitors: monitors)) }
        var rows = [["MONITOR", "TYPE", "RELAY", "STATE", "SINCE", "LATENCY", "LAST RESULT"]]
        for monitor in monitors {
            rows.append([
                monitor.name, monitor.type, monitor.relay ?? "", monitor.state, monitor.since ?? "",
                monitor.last?.latencyMilliseconds.map { String(format: "%.0f ms", $0) } ?? "",
                monitor.last?.message ?? "",
            ])
        }
        print(table(rows))
    }
}

/// The JSON document of `steadymail monitors --json` and `GET /v1/monitors`.
struct MonitorList: Encodable {
    var monitors: [MonitorView]
}
