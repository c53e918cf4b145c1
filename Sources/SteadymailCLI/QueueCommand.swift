import ArgumentParser
import Foundation
import SteadymailDomain
import SteadymailServer

/// `steadymail queue`: recipient counts by state and priority; `queue list` lists recipients.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue", abstract: "Show the queue and act on it (retry, hold, release, delete).",
        subcommands: [
            QueueCountsCommand.self, QueueListCommand.self, QueueRetryCommand.self, QueueHoldCommand.self,
            QueueReleaseCommand.self, QueueDeleteCommand.self,
        ],
        defaultSubcommand: QueueCountsCommand.self)
}

/// `steadymail queue [--json]`: counts by state and priority.
struct QueueCountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts", abstract: "Count recipients by state and priority.")

    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print JSON: one key per state, total, by_priority.") var json = false

    func run() async throws {
        let counts = try await QueueAccess(configuration: try options.load()).send(ControlRequest(command: .counts))
            .counts
        guard let counts else { throw ControlError.protocolError("the server sent no counts") }
        if json { return try printJSON(counts) }
        var rows = [["STATE"] + Priority.allCases.map(\.rawValue) + ["total"]]
        for state in RecipientState.allCases {
            let perPriority = Priority.allCases.map { counts.byPriority[$0.rawValue]?[state.rawValue] ?? 0 }
            rows.append([state.rawValue] + perPriority.map(String.init) + [String(counts.byState[state.rawValue] ?? 0)])
        }
        print(table(rows))
        print("total recipients: \(counts.total)")
    }
}

/// `steadymail queue list`: recipients with filters.
struct QueueListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List queued recipients.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Only this state (repeatable): queued, in_flight, deferred, held, delivered, bounced, expired.")
    var state: [RecipientState] = []
    @Option(help: "Only recipients at this domain.") var domain: String?
    @Option(name: .customLong("older-than"), help: "Only messages at least this old: 90s, 10m, 4h, 2d.")
    var olderThan: String?
    @Option(help: "At most this many recipients.") var limit = 1000
    @Flag(help: "Print a JSON array, one object per recipient.") var json = false

    func run() async throws {
        var age: Double?
        if let olderThan {
            guard let seconds = parseAge(olderThan) else {
                throw ValidationError("--older-than: \"\(olderThan)\" is not a duration like 90s, 10m, 4h or 2d")
            }
            age = seconds
        }
        let query = ListQuery(states: state.isEmpty ? nil : state, domain: domain, olderThanSeconds: age, limit: limit)
        let response = try await QueueAccess(configuration: try options.load()).send(
            ControlRequest(command: .list, list: query))
        let recipients = response.recipients ?? []
        if json { return try printJSON(recipients) }
        var rows = [["ID", "RECIPIENT", "STATE", "PRIORITY", "RECEIVED", "ATTEMPTS", "LAST REPLY"]]
        for item in recipients {
            rows.append([
                item.id, item.recipient, item.state, item.priority, item.receivedAt, String(item.attempts),
                item.lastReply ?? "",
            ])
        }
        print(table(rows))
    }

    private func parseAge(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)), value >= 0 { return value * scale }
        }
        return Double(text).flatMap { $0 >= 0 ? $0 : nil }
    }
}

extension RecipientState: ExpressibleByArgument {}
extension Priority: ExpressibleByArgument {}
