import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail maintenance add|list|remove|suggest`: planned work on a relay, a monitor or the whole node.
struct MaintenanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance",
        abstract: "Plan maintenance windows: a relay is drained before its window, monitors in a window stay quiet.",
        subcommands: [
            MaintenanceAddCommand.self, MaintenanceListCommand.self, MaintenanceRemoveCommand.self,
            MaintenanceSuggestCommand.self,
        ])
}

/// `steadymail maintenance add`: one window, once or weekly, on the running server.
struct MaintenanceAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a window: --relay R | --monitor M | --node, then --start T --end T, or --weekly sun --at 02:00 "
            + "--tz Europe/Berlin --duration 2h; and --reason.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "The relay under maintenance: drained from maintenance.drain_before ahead.") var relay: String?
    @Option(help: "The monitor whose target is under maintenance: quiet in the window.") var monitor: String?
    @Flag(help: "The whole node: every monitor quiet in the window.") var node = false
    @Option(help: "A one-off window's start, RFC 3339 (2026-05-01T22:00:00Z).") var start: String?
    @Option(help: "A one-off window's end, RFC 3339.") var end: String?
    @Option(help: "A weekly window's day: sun, mon, tue, wed, thu, fri or sat.") var weekly: String?
    @Option(help: "A weekly window's local start, HH:MM.") var at: String?
    @Option(help: "A weekly window's time zone, an IANA name such as Europe/Berlin.") var tz: String?
    @Option(help: "A weekly window's length, such as 2h.") var duration: String?
    @Option(help: "Why; one line.") var reason: String
    @Flag(help: "Print the new window as JSON.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let request = MaintenanceRequest(
            relay: relay, monitor: monitor, node: node ? true : nil, start: start, end: end, weekly: weekly, at: at,
            tz: tz, duration: duration, reason: reason)
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .maintenanceAdd, maintenance: request))
        guard let window = response.maintenanceWindows?.first else {
            throw ControlError.protocolError("the server sent no window")
        }
        if json { return try printJSON(window) }
        print("maintenance window \(window.id) added; next \(window.nextStart ?? "-") to \(window.nextEnd ?? "-")")
    }
}

/// `steadymail maintenance list`: every window with its next occurrence and whether it is active now.
struct MaintenanceListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List maintenance windows with their next occurrence and whether active now.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print JSON: {\"windows\": [...]}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(command: .maintenanceList))
        let windows = response.maintenanceWindows ?? []
        if json { return try printJSON(["windows": windows]) }
        var rows = [["ID", "TARGET", "SCHEDULE", "NEXT START", "NEXT END", "ACTIVE", "DRAINING", "REASON"]]
        for window in windows {
            let schedule =
                window.schedule == "weekly"
                ? "weekly \(window.weekday ?? "") \(window.at ?? "") \(window.timeZone ?? "") "
                    + "\(Int(window.durationSeconds ?? 0))s" : "once"
            rows.append([
                String(window.id), window.name.map { "\(window.target) \($0)" } ?? window.target, schedule,
                window.nextStart ?? "-", window.nextEnd ?? "-", window.active ? "yes" : "no",
                window.draining ? "yes" : "no", window.reason,
            ])
        }
        print(table(rows))
    }
}

/// `steadymail maintenance remove ID`: forgets a window on the running server; a drained relay comes back.
struct MaintenanceRemoveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a maintenance window; a relay it drained comes back, ramping.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The window's id.") var id: Int64

    func run() async throws {
        let configuration = try options.load()
        _ = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .maintenanceRemove, maintenance: MaintenanceRequest(id: id)))
        print("maintenance window \(id) removed")
    }
}

/// `steadymail maintenance suggest --duration 2h [--relay R]`: the quietest windows of the next 14 days.
struct MaintenanceSuggestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suggest",
        abstract: "Rank windows of the next 14 days by expected volume (last 28 days by hour of week), and whether "
            + "the other relays could carry it.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "The window's length, such as 2h.") var duration: String
    @Option(help: "The relay under maintenance; without it, the whole node (no relay left).") var relay: String?
    @Option(help: "How many candidates.") var limit = 10
    @Flag(help: "Print JSON: {\"candidates\": [...]}.") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await QueueAccess(configuration: configuration).send(
            ControlRequest(
                command: .maintenanceSuggest,
                maintenance: MaintenanceRequest(relay: relay, duration: duration, limit: limit)))
        let candidates = response.maintenanceCandidates ?? []
        if json { return try printJSON(["candidates": candidates]) }
        var rows = [["START", "END", "EXPECTED", "PEAK/H", "OTHERS/H", "OTHERS CAN CARRY"]]
        for candidate in candidates {
            rows.append([
                candidate.start, candidate.end, String(format: "%.1f", candidate.expectedVolume),
                String(format: "%.1f", candidate.peakHourlyVolume),
                candidate.remainingCapacityPerHour.map { String(format: "%.0f", $0) } ?? "unlimited",
                candidate.othersCanCarry ? "yes" : "no",
            ])
        }
        print(table(rows))
    }
}
