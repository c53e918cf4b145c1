import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail webhook add|list|remove`: the HTTP endpoints that receive recipient events, signed with a secret each.
struct WebhookCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhook", abstract: "Add, list and remove webhook subscriptions (see docs/webhooks.md).",
        subcommands: [Add.self, List.self, Remove.self])

    /// `steadymail webhook add URL --events delivered,bounced [--description D] [--json]`
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe a URL to events and print its signing secret once; it cannot be shown again.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The http or https URL events are POSTed to.") var url: String
        @Option(
            help: """
                Comma-separated event types: queued, delivered, bounced, deferred, delayed, held, released, expired, \
                deleted.
                """)
        var events: String
        @Option(help: "A note for operators, e.g. the application receiving the events.") var description: String?
        @Flag(help: "Print JSON: {\"id\": ..., \"secret\": ..., ...}.") var json = false

        func run() async throws {
            let response = try await APIKeyAccess(options: options).send(
                ControlRequest(
                    command: .webhookAdd,
                    webhook: WebhookRequest(
                        url: url, events: events.split(separator: ",").map(String.init), description: description)))
            guard let secret = response.webhookSecret, let view = response.webhooks?.first else {
                throw ControlError.protocolError("the server sent no webhook")
            }
            if json {
                return try printJSON(
                    Created(
                        id: view.id, url: view.url, events: view.events, description: view.description, secret: secret,
                        createdAt: view.createdAt))
            }
            print(secret)
            FileHandle.standardError.write(
                Data(
                    """
                    webhook \(view.id) created for \(view.url) (\(view.events.joined(separator: ","))); the line above \
                    is its signing secret: store it now, it is not shown again.

                    """.utf8))
        }
    }

    /// `steadymail webhook list [--json]`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List subscriptions (never their secrets) with events pending, delivered and given up.")
        @OptionGroup var options: ConfigOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let configuration = try options.load()
            let webhooks =
                try await QueueAccess(configuration: configuration).send(ControlRequest(command: .webhookList)).webhooks
                ?? []
            if json { return try printJSON(webhooks) }
            print(
                table(
                    [["ID", "URL", "EVENTS", "PENDING", "DELIVERED", "FAILED", "CREATED"]]
                        + webhooks.map {
                            [
                                $0.id, $0.url, $0.events.joined(separator: ","), "\($0.pending)", "\($0.delivered)",
                                "\($0.failed)", $0.createdAt,
                            ]
                        }))
        }
    }

    /// `steadymail webhook remove ID`
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a subscription; events it is still owed are dropped.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The webhook's id (wh_...).") var id: String

        func run() async throws {
            _ = try await APIKeyAccess(options: options).send(
                ControlRequest(command: .webhookRemove, webhook: WebhookRequest(id: id)))
            print("\(id): removed")
        }
    }

    struct Created: Encodable {
        var id: String
        var url: String
        var events: [String]
        var description: String?
        var secret: String
        var createdAt: String

        enum CodingKeys: String, CodingKey {
            case id, url, events, description, secret
            case createdAt = "created_at"
        }
    }
}
