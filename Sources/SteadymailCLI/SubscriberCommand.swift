import ArgumentParser
import Foundation
import SteadymailDomain
import SteadymailServer

/// `steadymail subscriber add|show|set|subscribe|unsubscribe|export|remove`: one subscriber, by address.
struct SubscriberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscriber",
        abstract: "Add, show, change, subscribe, unsubscribe, export and erase one subscriber.",
        subcommands: [Add.self, Show.self, SetStatus.self, Subscribe.self, Unsubscribe.self, Export.self, Remove.self])

    /// `steadymail subscriber add EMAIL [--name N] [--attr key=value ...] [--list NAME ...] [--preconfirm]`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a subscriber; on a double opt-in list a confirmation mail is queued unless --preconfirm.")
        @OptionGroup var options: ConfigOptions
        @Argument var email: String
        @Option(help: "The subscriber's name.") var name: String?
        @Option(name: .customLong("attr"), help: "An attribute as key=value (a string); repeat for more.")
        var attributes: [String] = []
        @Option(name: .customLong("list"), help: "A list to subscribe to; repeat for more.") var lists: [String] = []
        @Flag(help: "Subscribe to double opt-in lists as confirmed, without a confirmation mail.")
        var preconfirm = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var parsed: [String: JSONValue] = [:]
            for pair in attributes {
                guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                    throw ValidationError("--attr \(pair): expected key=value")
                }
                parsed[String(pair[..<equals])] = .string(String(pair[pair.index(after: equals)...]))
            }
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(
                    command: .subscriberAdd,
                    audience: AudienceRequest(
                        email: email, name: name, attributes: parsed, lists: lists, preconfirm: preconfirm)))
            guard let subscriber = response.audience?.subscribers?.first else {
                throw ControlError.protocolError("the server sent no subscriber")
            }
            if json { return try printJSON(subscriber) }
            let queued = response.audience?.confirmationsQueued ?? 0
            print(
                "subscriber \(subscriber.email) added (id \(subscriber.id))"
                    + (queued > 0 ? "; \(queued) confirmation mail(s) queued" : ""))
        }
    }

    /// `steadymail subscriber show EMAIL [--json]`
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a subscriber with their subscriptions.")
        @OptionGroup var options: ConfigOptions
        @Argument var email: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(command: .subscriberShow, audience: AudienceRequest(email: email)))
            guard let subscriber = response.audience?.subscribers?.first else {
                throw ControlError.protocolError("the server sent no subscriber")
            }
            if json { return try printJSON(subscriber) }
            print(
                """
                email:       \(subscriber.email)
                id:          \(subscriber.id)
                name:        \(subscriber.name)
                status:      \(subscriber.status.rawValue)
                attributes:  \(JSONValue.json(subscriber.attributes))
                created:     \(subscriber.createdAt)
                updated:     \(subscriber.updatedAt)
                """)
            printSubscriptions(subscriber)
        }
    }

    /// `steadymail subscriber set EMAIL --status enabled|blocklisted|unsubscribed`
    struct SetStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change a subscriber's status or name.")
        @OptionGroup var options: ConfigOptions
        @Argument var email: String
        @Option(help: "enabled, blocklisted or unsubscribed.") var status: String?
        @Option(help: "A new name.") var name: String?

        func run() async throws {
            guard status != nil || name != nil else { throw ValidationError("give --status or --name") }
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(
                    command: .subscriberSet, audience: AudienceRequest(email: email, name: name, status: status)))
            guard let subscriber = response.audience?.subscribers?.first else {
                throw ControlError.protocolError("the server sent no subscriber")
            }
            print("subscriber \(subscriber.email): status \(subscriber.status.rawValue)")
        }
    }

    /// `steadymail subscriber export EMAIL`: all data kept about one address, as JSON (a data subject's request).
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print everything kept about a subscriber as JSON (GDPR access request).")
        @OptionGroup var options: ConfigOptions
        @Argument var email: String

        func run() async throws {
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(command: .subscriberExport, audience: AudienceRequest(email: email)))
            guard let export = response.audience?.export else {
                throw ControlError.protocolError("the server sent no export")
            }
            try printJSON(export)
        }
    }

    /// `steadymail subscriber remove EMAIL`: erasure on request.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a subscriber and their subscriptions (GDPR erasure request).")
        @OptionGroup var options: ConfigOptions
        @Argument var email: String

        func run() async throws {
            _ = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(command: .subscriberRemove, audience: AudienceRequest(email: email)))
            print("subscriber \(email) erased")
        }
    }
}

/// The values of `--optin`.
enum OptInArgument: String {
    case single, double

    var value: OptIn { self == .single ? .single : .double }
}
