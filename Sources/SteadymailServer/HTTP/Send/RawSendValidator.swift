import Foundation
import SteadymailDomain

/// Judges a decoded `POST /v1/messages/raw` request: the envelope addresses, the message's size, line lengths and
/// line ends, and the queue options.
///
/// It exists so that a raw message meets the same rules as one received over SMTP (every line within 998 octets, no
/// NUL, at most `smtp.max_message_size` and `smtp.max_recipients`) before intake sees it. Line ends are made CRLF; a
/// message sent with CRLF is queued byte for byte.
struct RawSendValidator {
    static let maximumLineLength = 998

    var limits: SendLimits
    var now: Date

    func validate(_ request: RawSendRequest) throws(FieldProblem) -> ValidatedSend {
        guard let envelope = request.envelope else { throw FieldProblem("envelope", "required") }
        guard let from = envelope.from else { throw FieldProblem("envelope.from", "required") }
        var sender = ""
        if !from.isEmpty {
            do {
                sender = try Mailbox(parsing: from).description
            } catch {
                throw FieldProblem("envelope.from", "not a valid address (\(error)); use \"\" for the null sender")
            }
        }
        var mailboxes: [NamedMailbox] = []
        for (index, text) in (envelope.to ?? []).enumerated() {
            do {
                mailboxes.append(NamedMailbox(mailbox: try Mailbox(parsing: text)))
            } catch {
                throw FieldProblem("envelope.to[\(index)]", "not a valid address (\(error))")
            }
        }
        let (recipients, recipientFields) = SendValidator.envelope(SendValidator.named(mailboxes, "envelope.to"))
        guard !recipients.isEmpty else { throw FieldProblem("envelope.to", "at least one recipient") }
        guard recipients.count <= limits.maxRecipients else {
            throw FieldProblem("envelope.to", "\(recipients.count) recipients; the limit is \(limits.maxRecipients)")
        }
        guard let raw = request.raw, !raw.isEmpty else { throw FieldProblem("raw", "required") }
        let content = try message(raw)
        let options = try QueueOptions.validate(
            tags: request.tags, metadata: request.metadata, priority: request.priority,
            deliverBy: request.deliverBy, now: now)
        return ValidatedSend(
            sender: sender, recipients: recipients, recipientFields: recipientFields, content: .raw(content),
            options: options)
    }

    /// The message with CRLF line ends, checked for NUL, line length and size.
    func message(_ raw: String) throws(FieldProblem) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(raw.utf8.count + 64)
        var lineLength = 0
        var lineNumber = 1
        var previousWasCR = false
        for byte in raw.utf8 {
            if byte == 10, previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 13
            if byte == 13 || byte == 10 {
                output += [13, 10]
                lineLength = 0
                lineNumber += 1
                continue
            }
            guard byte != 0 else { throw FieldProblem("raw", "line \(lineNumber) contains a NUL byte") }
            lineLength += 1
            guard lineLength <= Self.maximumLineLength else {
                throw FieldProblem("raw", "line \(lineNumber) is longer than \(Self.maximumLineLength) octets")
            }
            output.append(byte)
        }
        if output.last != 10 { output += [13, 10] }
        guard output.count <= limits.maxMessageSize else {
            throw FieldProblem(
                "raw", "\(output.count) bytes, over the limit of \(limits.maxMessageSize) (smtp.max_message_size)")
        }
        return output
    }
}
