import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail sla`: each relay's measured availability against its SLA, and each priority class against its
/// delivery objective, with error budgets, burn rates and alert state.
struct SLACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla",
        abstract: "Show relay availability against each SLA and delivery objectives per priority, with error budgets.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print the report as JSON (the document of GET /v1/sla).") var json = false

    func run() async throws {
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(ControlRequest(command: .sla))
        guard let report = response.sla else { throw ControlError.server("the server sent no sla report") }
        if json { return try printJSON(report) }
        var relays = [
            ["RELAY", "SLA", "24H", "7D", "30D", "90D", "MAINT 30D", "BUDGET LEFT", "FAST BURN", "SLOW BURN"]
        ]
        for relay in report.relays {
            var row = [relay.relay, relay.sla.map { Self.number($0) + " %" } ?? "-"]
            row += relay.availability.map { $0.uptimePercent.map(Self.percent) ?? "no data" }
            let maintenance = relay.availability.first { $0.period == "30d" }?.maintenanceSeconds ?? 0
            row.append(Self.duration(maintenance))
            row.append(relay.budget.map(Self.secondsBudget) ?? "-")
            row += relay.burn.map(Self.burn)
            relays.append(row)
        }
        print(table(relays))
        print("")
        var monitors = [["MONITOR", "RELAY", "24H", "7D", "30D", "90D"]]
        for monitor in report.monitors {
            monitors.append(
                [monitor.monitor, monitor.relay ?? "-"]
                    + monitor.availability.map { $0.uptimePercent.map(Self.percent) ?? "no data" })
        }
        print(table(monitors))
        print("")
        var objectives = [["PRIORITY", "OBJECTIVE", "TODAY", "PERIOD", "BUDGET LEFT", "FAST BURN", "SLOW BURN"]]
        for objective in report.objectives {
            var row = [objective.priority]
            row.append("\(Self.number(objective.ratio)) % within \(Self.duration(objective.targetSeconds))")
            row.append(Self.outcome(objective.today))
            row.append(Self.outcome(objective.period))
            row.append(objective.budget.leftPercent.map { Self.percent($0) + " left" } ?? "-")
            row += objective.burn.map(Self.burn)
            objectives.append(row)
        }
        print(table(objectives))
    }

    static func number(_ value: Double) -> String { String(format: "%g", value) }

    static func percent(_ value: Double) -> String { String(format: "%.3f %%", value) }

    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 120 { return "\(whole) s" }
        if whole < 7200 { return "\(whole / 60) min" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }

    static func secondsBudget(_ budget: BudgetView) -> String {
        let share = budget.leftPercent.map { String(format: " (%.0f %%)", $0) } ?? ""
        return "\(duration(max(budget.left, 0)))\(budget.left < 0 ? " overspent" : "")" + share
    }

    static func outcome(_ outcome: OutcomeView) -> String {
        guard let attainment = outcome.attainmentPercent else { return "no data" }
        return percent(attainment) + " of \(outcome.onTime + outcome.late)"
    }

    static func burn(_ burn: BurnView) -> String {
        let long = burn.longBurn.map { String(format: "%.1fx", $0) } ?? "-"
        let short = burn.shortBurn.map { String(format: "%.1fx", $0) } ?? "-"
        return "\(long)/\(short)\(burn.firing ? " FIRING" : "")"
    }
}
