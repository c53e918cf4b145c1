import ArgumentParser
import Foundation
import SteadymailServer

extension SubscriberCommand {
    /// `steadymail subscriber subscribe EMAIL --list L [--list L2] [--preconfirm] [--resubscribe] [--json]`: puts a
    /// known subscriber on more lists.
    struct Subscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Subscribe a known subscriber to more lists; a double opt-in list mails a confirmation.",
            discussion: """
                A subscription that exists already is left as it is. One the subscriber left is refused unless \
                --resubscribe says they asked again.
                """)
        @OptionGroup var options: ConfigOptions
        @Argument var email: String
        @Option(name: .customLong("list"), help: "A list to subscribe to; repeat for more.") var lists: [String] = []
        @Flag(help: "Subscribe to double opt-in lists as confirmed, without a confirmation mail.")
        var preconfirm = false
        @Flag(help: "Take up again a subscription the subscriber left (they asked again).")
        var resubscribe = false
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard !lists.isEmpty else { throw ValidationError("give at least one --list") }
        }

        func run() async throws {
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(
                    command: .subscriberSubscribe,
                    audience: AudienceRequest(
                        email: email, lists: lists, preconfirm: preconfirm, resubscribe: resubscribe)))
            guard let subscriber = response.audience?.subscribers?.first else {
                throw ControlError.protocolError("the server sent no subscriber")
            }
            let queued = response.audience?.confirmationsQueued ?? 0
            if json { return try printJSON(SubscribedView(subscriber: subscriber, confirmationsQueued: queued)) }
            print(
                "subscriber \(subscriber.email): subscribed to \(lists.joined(separator: ", "))"
                    + (queued > 0 ? "; \(queued) confirmation mail(s) queued" : ""))
            printSubscriptions(subscriber)
        }
    }

    /// `steadymail subscriber unsubscribe EMAIL --list L [--list L2] [--json]`: takes a subscriber off lists.
    struct Unsubscribe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a subscriber off lists; their other subscriptions stay.")
        @OptionGroup var options: ConfigOptions
        @Argument var email: String
        @Option(name: .customLong("list"), help: "A list to leave; repeat for more.") var lists: [String] = []
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard !lists.isEmpty else { throw ValidationError("give at least one --list") }
        }

        func run() async throws {
            let response = try await QueueAccess(configuration: try options.load()).send(
                ControlRequest(
                    command: .subscriberUnsubscribe, audience: AudienceRequest(email: email, lists: lists)))
            guard let subscriber = response.audience?.subscribers?.first else {
                throw ControlError.protocolError("the server sent no subscriber")
            }
            if json { return try printJSON(subscriber) }
            print("subscriber \(subscriber.email): unsubscribed from \(lists.joined(separator: ", "))")
            printSubscriptions(subscriber)
        }
    }
}

/// The subscriptions table `subscriber show`, `subscribe` and `unsubscribe` print.
func printSubscriptions(_ subscriber: SubscriberView) {
    let subscriptions = subscriber.subscriptions ?? []
    guard !subscriptions.isEmpty else { return }
    print("")
    print(
        table(
            [["LIST", "SUBSCRIPTION", "SINCE", "UPDATED"]]
                + subscriptions.map { [$0.list, $0.status.rawValue, $0.createdAt, $0.updatedAt] }))
}
