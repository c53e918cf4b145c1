import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail subscribers [--list NAME] [--status S] [--limit N] [--after ID] [--json]` and `subscribers import`.
struct SubscribersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribers", abstract: "List subscribers, or import them from a CSV file.",
        subcommands: [List.self, SubscribersImportCommand.self], defaultSubcommand: List.self)

    /// One page of subscribers, by id.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List subscribers by id, one page at a time (--after the last id shown).")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Only subscribers of this list.") var list: String?
        @Option(help: "Only subscribers with this status: enabled, unsubscribed, blocklisted, bounced.")
        var status: String?
        @Option(help: "At most this many (1 to 1000).") var limit = 100
        @Option(help: "Only subscribers with a larger id (paging).") var after: Int64?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(
                    command: .subscribers,
                    audience: AudienceRequest(list: list, status: status, after: after, limit: limit)))
            let subscribers = response.audience?.subscribers ?? []
            if json { return try printJSON(subscribers) }
            print(
                table(
                    [["ID", "EMAIL", "NAME", "STATUS", "CREATED"]]
                        + subscribers.map { ["\($0.id)", $0.email, $0.name, $0.status.rawValue, $0.createdAt] }))
            if subscribers.count == limit, let last = subscribers.last {
                FileHandle.standardError.write(Data("more: --after \(last.id)\n".utf8))
            }
        }
    }
}
