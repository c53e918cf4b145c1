import ArgumentParser
import Foundation
import SteadymailServer

/// `steadymail message ID`: one message's envelope, header summary, recipients and event history.
struct MessageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "message", abstract: "Show one message: envelope, headers, recipients, events.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The queue id from `250 2.0.0 Ok: queued as <ID>`.") var id: String
    @Flag(help: "Print JSON.") var json = false

    func run() async throws {
        let response = try await QueueAccess(configuration: try options.load()).send(
            ControlRequest(command: .message, messageID: id))
        guard let message = response.message else { throw ControlError.protocolError("the server sent no message") }
        if json { return try printJSON(message) }
        print("id:          \(message.id)")
        print("from:        <\(message.sender)>")
        print("priority:    \(message.priority)")
        print("received:    \(message.receivedAt) (\(message.origin))")
        if let deliverBy = message.deliverBy { print("deliver by:  \(deliverBy)") }
        if let submitter = message.submitter { print("submitter:   \(submitter)") }
        if !message.tags.isEmpty { print("tags:        \(message.tags.joined(separator: ", "))") }
        for (key, value) in message.metadata.sorted(by: { $0.key < $1.key }) {
            print("metadata:    \(key)=\(String(reflecting: value))")
        }
        print("size:        \(message.size) bytes")
        if let finishedAt = message.finishedAt { print("finished:    \(finishedAt)") }
        if let removedAt = message.bodyRemovedAt { print("body:        removed by retention at \(removedAt)") }
        print("\nheaders:")
        for header in message.headers { print("  \(header.name): \(header.value)") }
        print("\nrecipients:")
        print(
            table(
                [["RECIPIENT", "STATE", "ATTEMPTS", "LAST REPLY"]]
                    + message.recipients.map { [$0.recipient, $0.state, String($0.attempts), $0.lastReply ?? ""] }))
        print("\nevents:")
        print(
            table(
                [["TIME", "RECIPIENT", "STATE", "RELAY", "REPLY", "NOTE"]]
                    + message.events.map {
                        [$0.time, $0.recipient ?? "-", $0.state, $0.relay ?? "", $0.reply ?? "", $0.note ?? ""]
                    }))
    }
}
