import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail lists [--json]`: every mailing list with its subscriptions by status.
struct ListsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists", abstract: "List mailing lists with their subscriber counts.")
    @OptionGroup var options: ConfigOptions
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let response = try await QueueAccess(configuration: try options.load()).send(
            ControlRequest(command: .lists))
        let lists = response.audience?.lists ?? []
        if json { return try printJSON(lists) }
        print(
            table(
                [["NAME", "OPTIN", "CONFIRMED", "UNCONFIRMED", "UNSUBSCRIBED", "DESCRIPTION"]]
                    + lists.map {
                        [
                            $0.name, $0.optIn.rawValue, "\($0.subscribers.confirmed)", "\($0.subscribers.unconfirmed)",
                            "\($0.subscribers.unsubscribed)", $0.description,
                        ]
                    }))
    }
}

/// `steadymail list create|show|remove`: one mailing list.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Create, show and remove a mailing list.",
        subcommands: [Create.self, Show.self, Remove.self])

    /// `steadymail list create NAME --optin single|double [--description TEXT]`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a list.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The list's name: letters, digits, '.', '_', '-'.") var name: String
        @Option(help: "single: subscribed at once; double: after following a confirmation link.") var optin: String
        @Option(help: "A note shown in listings.") var description: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            guard let optIn = OptInArgument(rawValue: optin) else {
                throw ValidationError("--optin must be single or double")
            }
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(
                    command: .listCreate,
                    audience: AudienceRequest(list: name, optIn: optIn.value, description: description)))
            guard let list = response.audience?.lists?.first else {
                throw ControlError.protocolError("the server sent no list")
            }
            if json { return try printJSON(list) }
            print("list \(list.name) created (\(list.optIn.rawValue) opt-in)")
        }
    }

    /// `steadymail list show NAME [--json]`
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a list and its subscriber counts.")
        @OptionGroup var options: ConfigOptions
        @Argument var name: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(command: .listShow, audience: AudienceRequest(list: name)))
            guard let list = response.audience?.lists?.first else {
                throw ControlError.protocolError("the server sent no list")
            }
            if json { return try printJSON(list) }
            print(
                """
                name:          \(list.name)
                optin:         \(list.optIn.rawValue)
                description:   \(list.description)
                created:       \(list.createdAt)
                confirmed:     \(list.subscribers.confirmed)
                unconfirmed:   \(list.subscribers.unconfirmed)
                unsubscribed:  \(list.subscribers.unsubscribed)
                """)
        }
    }

    /// `steadymail list remove NAME`
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a list with its subscriptions; the subscribers stay.")
        @OptionGroup var options: ConfigOptions
        @Argument var name: String

        func run() async throws {
            _ = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(command: .listRemove, audience: AudienceRequest(list: name)))
            print("list \(name) removed")
        }
    }
}
