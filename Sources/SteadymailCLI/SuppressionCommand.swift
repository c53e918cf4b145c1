import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail suppression list|add|remove`: the global suppression list, which every campaign honours and which
/// stops transactional mail through the API for hard bounces and complaints.
struct SuppressionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suppression", abstract: "List, add or remove suppressed addresses.",
        subcommands: [List.self, Add.self, Remove.self], defaultSubcommand: List.self)

    /// `steadymail suppression list [--reason R] [--limit N] [--after EMAIL] [--json]`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List suppressed addresses in address order, one page at a time (--after the last shown).")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Only this reason: hard-bounce, complaint, unsubscribe, manual.") var reason: String?
        @Option(help: "At most this many (1 to 1000).") var limit = 100
        @Option(help: "Only addresses after this one (paging).") var after: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(
                    command: .suppressions,
                    audience: AudienceRequest(limit: limit, reason: reason, afterEmail: after)))
            let entries = response.audience?.suppressions ?? []
            let counts = response.audience?.suppressionCounts ?? [:]
            if json { return try printJSON(SuppressionListing(suppressions: entries, counts: counts)) }
            print(
                table(
                    [["EMAIL", "REASON", "SINCE", "NOTE"]]
                        + entries.map { [$0.email, $0.reason, $0.createdAt, $0.note ?? ""] }))
            print(counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
            if entries.count == limit, let last = entries.last {
                FileHandle.standardError.write(Data("more: --after \(last.email)\n".utf8))
            }
        }
    }

    /// What `suppression list --json` prints: the page and the totals by reason.
    struct SuppressionListing: Encodable {
        var suppressions: [SuppressionView]
        var counts: [String: Int]
    }

    /// `steadymail suppression add EMAIL [--reason R] [--note TEXT] [--json]`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suppress an address (reason manual unless given); an existing entry is replaced.")
        @OptionGroup var options: ConfigOptions
        @Argument var email: String
        @Option(help: "hard-bounce, complaint, unsubscribe or manual.") var reason = "manual"
        @Option(help: "Why, for the record.") var note: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(
                    command: .suppressionAdd, audience: AudienceRequest(email: email, reason: reason, note: note)))
            guard let entry = response.audience?.suppressions?.first else {
                throw ControlError.protocolError("the server sent no suppression entry")
            }
            if json { return try printJSON(entry) }
            print("\(entry.email) suppressed (\(entry.reason))")
        }
    }

    /// `steadymail suppression remove EMAIL`
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take an address off the suppression list.")
        @OptionGroup var options: ConfigOptions
        @Argument var email: String

        func run() async throws {
            _ = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(command: .suppressionRemove, audience: AudienceRequest(email: email)))
            print("\(email) is no longer suppressed")
        }
    }
}
