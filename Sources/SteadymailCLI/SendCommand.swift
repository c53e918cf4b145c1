import ArgumentParser
import Foundation
import SteadymailDomain
import SteadymailServer

/// `steadymail send`: submits a message read from standard input to the running server and prints its queue id.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Submit a message (body on standard input) to the running server and print its queue id.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Envelope sender and From: address.") var from: String
    @Option(help: "Recipient (repeatable).") var to: [String]
    @Option(help: "Subject line.") var subject: String?
    @Option(help: "transactional, time-critical or bulk (default: smtp.default_priority).") var priority: Priority?
    @Option(name: .customLong("deliver-by"), help: "Deadline, RFC 3339 (e.g. 2026-12-01T10:00:00Z).")
    var deliverBy: String?

    func run() async throws {
        guard (try? Mailbox(parsing: from)) != nil else {
            throw ValidationError("--from: \"\(from)\" is not an email address")
        }
        for recipient in to where (try? Mailbox(parsing: recipient)) == nil {
            throw ValidationError("--to: \"\(recipient)\" is not an email address")
        }
        var deadline: Date?
        if let deliverBy {
            guard let parsed = InternetDate.parseRFC3339(deliverBy) else {
                throw ValidationError("--deliver-by: \"\(deliverBy)\" is not an RFC 3339 time")
            }
            deadline = parsed
        }
        let body = FileHandle.standardInput.readDataToEndOfFile()
        let submission = Submission(
            sender: from, recipients: to, content: compose(body: body), priority: priority, deliverBy: deadline)
        let configuration = try options.load()
        let response = try await ControlClient(path: configuration.controlSocket).send(
            ControlRequest(command: .submit, submission: submission))
        guard let id = response.queuedID else { throw ControlError.protocolError("the server sent no queue id") }
        print(id)
    }

    /// Header fields for the envelope, then the body with every line ending made CRLF.
    private func compose(body: Data) -> Data {
        var text = "From: \(from)\r\nTo: \(to.joined(separator: ", "))\r\n"
        if let subject {
            text +=
                "Subject: \(subject.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " "))\r\n"
        }
        text +=
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        var content = Data(text.utf8)
        let lines = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
            .replacingOccurrences(of: "\r", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !(index == lines.count - 1 && line.isEmpty) {
            content.append(Data(line.utf8))
            content.append(Data("\r\n".utf8))
        }
        return content
    }
}
