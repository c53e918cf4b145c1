import ArgumentParser
import Foundation
import SteadymailDomain
import SteadymailServer

/// `steadymail monitor show|add|remove`: one monitor's recent results, and the monitors kept in storage.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor", abstract: "Show one monitor's recent results; add or remove a monitor at run time.",
        subcommands: [Show.self, Add.self, Remove.self], defaultSubcommand: Show.self)

    /// `steadymail monitor [show] NAME [--limit N] [--json]`
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a monitor and its newest results.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The monitor's name, e.g. relay:primary.") var name: String
        @Option(help: "How many results to show, newest first.") var limit = 20
        @Flag(help: "Print JSON: {\"monitor\": {...}, \"results\": [...]}.") var json = false

        func run() async throws {
            let configuration = try options.load()
            let response = try await ControlClient(path: configuration.controlSocket).send(
                ControlRequest(command: .monitor, monitor: MonitorRequest(name: name, limit: limit)))
            guard let monitor = response.monitors?.first else {
                throw ControlError.protocolError("the server sent no monitor")
            }
            let results = response.probeResults ?? []
            if json { return try printJSON(MonitorDetail(monitor: monitor, results: results)) }
            print("\(monitor.name) (\(monitor.type)\(monitor.relay.map { ", relay \($0)" } ?? "")): \(monitor.state)")
            print(
                table(
                    [["TIME", "VERDICT", "LATENCY", "VALUE", "MESSAGE"]]
                        + results.map {
                            [
                                $0.at, $0.verdict, $0.latencyMilliseconds.map { String(format: "%.0f ms", $0) } ?? "",
                                $0.value.map { String(format: "%g", $0) } ?? "", $0.message,
                            ]
                        }))
        }
    }

    /// `steadymail monitor add NAME --type T [...]`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a monitor to the running server; it is kept in storage and survives restarts.",
            discussion:
                "The options are the keys of a monitors: entry of the configuration file (docs/configuration.md).")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "A unique name.") var name: String
        @Option(help: "smtp, tcp, dns, tls-cert, http, canary, storage, disk, oldest-deferred or relay-failures.")
        var type: String
        @Option(help: "The relay whose health it feeds (and, for canary and relay-failures, the relay checked).")
        var relay: String?
        @Option(help: "Host to connect to or to resolve.") var host: String?
        @Option(help: "Port to connect to.") var port: Int?
        @Option(help: "smtp: none, starttls or implicit.") var tls: String?
        @Option(help: "http: the URL to GET.") var url: String?
        @Option(help: "http: the status expected (default any 2xx).") var expectStatus: Int?
        @Option(help: "http: a text the body must contain.") var bodyContains: String?
        @Option(help: "dns: an address that must be among the answers.") var expectAddress: String?
        @Option(help: "disk: a size (1GiB); oldest-deferred: a duration (1h); relay-failures: a ratio (0.5).")
        var threshold: String?
        @Option(help: "Time between runs, e.g. 30s.") var interval: String?
        @Option(help: "Time one run may take, e.g. 10s.") var timeout: String?
        @Option(help: "Consecutive failures before the monitor is down.") var failuresBeforeDown: Int?
        @Flag(help: "Print the new monitor as JSON.") var json = false

        func run() async throws {
            let configuration = try options.load()
            var fields: [String: Any] = ["name": name, "type": type]
            let optional: [(String, Any?)] = [
                ("relay", relay), ("host", host), ("port", port), ("tls", tls), ("url", url),
                ("expect_status", expectStatus), ("body_contains", bodyContains), ("expect_address", expectAddress),
                ("threshold", threshold), ("interval", interval), ("timeout", timeout),
                ("failures_before_down", failuresBeforeDown),
            ]
            for case (let key, let value?) in optional { fields[key] = value }
            let specification = String(
                decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
            let response = try await ControlClient(path: configuration.controlSocket).send(
                ControlRequest(command: .monitorAdd, monitor: MonitorRequest(specification: specification)))
            guard let monitor = response.monitors?.first else {
                throw ControlError.protocolError("the server sent no monitor")
            }
            if json { return try printJSON(monitor) }
            print("monitor \(monitor.name) added (\(monitor.type), every \(monitor.intervalSeconds) s)")
        }
    }

    /// `steadymail monitor remove NAME`
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop and forget a monitor added at run time.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The monitor's name.") var name: String
        @Flag(help: "Print {\"removed\": NAME}.") var json = false

        func run() async throws {
            let configuration = try options.load()
            _ = try await ControlClient(path: configuration.controlSocket).send(
                ControlRequest(command: .monitorRemove, monitor: MonitorRequest(name: name)))
            if json { return try printJSON(["removed": name]) }
            print("monitor \(name) removed")
        }
    }
}

/// The JSON document of `steadymail monitor NAME --json` and `GET /v1/monitors/{name}`.
struct MonitorDetail: Encodable {
    var monitor: MonitorView
    var results: [ProbeResultView]
}
