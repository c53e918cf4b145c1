import Foundation

/// The edits intake makes to every message before it is queued: it reads and removes the Steadymail control headers,
/// reads (and keeps) the `X-Steadymail-Tag` fields, prepends a `Received:` trace field, and adds `Message-ID:` and
/// `Date:` where the client left them out.
///
/// It exists as pure logic so the SMTP listener, the CLI `send` path and later the HTTP API all queue exactly the same
/// bytes for the same input, and so the edits are unit-tested without a socket.
public struct IntakeRewriter: Sendable {
    /// The header a submitter uses to choose the traffic class; removed before queueing.
    public static let priorityHeader = "X-Steadymail-Priority"
    /// The header a submitter uses to set a deliver-by deadline (RFC 3339); removed before queueing.
    public static let deliverByHeader = "X-Steadymail-Deliver-By"
    /// The header a submitter uses to tag a message (comma-separated, repeatable; see `MessageTags`); left in place.
    public static let tagHeader = "X-Steadymail-Tag"

    /// Whose host name appears in `Received:` and in generated Message-IDs.
    public var hostname: String

    public init(hostname: String) {
        self.hostname = hostname
    }

    /// What intake learnt from, and did to, one message.
    public struct Result: Sendable, Equatable {
        public var content: [UInt8]
        /// The priority the message asked for, if it carried the header.
        public var priority: Priority?
        /// The deadline the message asked for, if it carried the header.
        public var deliverBy: Date?
        /// The valid tags of its `X-Steadymail-Tag` fields, in order; invalid ones are ignored.
        public var tags: [String]
    }

    /// A control header whose value intake cannot accept; the message is refused, never queued with a guess.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        case unknownPriority(String)
        case invalidDeliverBy(String)

        public var description: String {
            switch self {
            case .unknownPriority(let value):
                "\(IntakeRewriter.priorityHeader): unknown priority \"\(value)\" (use transactional, time-critical or bulk)"
            case .invalidDeliverBy(let value):
                "\(IntakeRewriter.deliverByHeader): \"\(value)\" is not an RFC 3339 time"
            }
        }
    }

    /// The trace information for the `Received:` field (RFC 5321 4.4).
    public struct Trace: Sendable {
        public var heloName: String
        public var clientAddress: String
        /// `SMTP`, `ESMTP`, `ESMTPS`, `ESMTPA`, `ESMTPSA` (RFC 3848), or `local` for the control channel.
        public var protocolName: String
        /// Named in `for <...>` only when the message has exactly one recipient, so Bcc recipients are not revealed.
        public var singleRecipient: String?

        public init(
            heloName: String, clientAddress: String, protocolName: String, singleRecipient: String?
        ) {
            self.heloName = heloName
            self.clientAddress = clientAddress
            self.protocolName = protocolName
            self.singleRecipient = singleRecipient
        }
    }

    public func rewrite(_ content: [UInt8], id: QueueID, trace: Trace, now: Date) throws(Problem)
        -> Result
    {
        let block = HeaderBlock(parsing: content)
        var priority: Priority?
        var deliverBy: Date?
        if let field = block.first(named: Self.priorityHeader) {
            let value = field.unfoldedValue.lowercased()
            guard let parsed = Priority(rawValue: value) else {
                throw .unknownPriority(field.unfoldedValue)
            }
            priority = parsed
        }
        if let field = block.first(named: Self.deliverByHeader) {
            guard let parsed = InternetDate.parseRFC3339(field.unfoldedValue) else {
                throw .invalidDeliverBy(field.unfoldedValue)
            }
            deliverBy = parsed
        }

        var output: [UInt8] = []
        output.reserveCapacity(content.count + 512)
        output.append(contentsOf: receivedField(id: id, trace: trace, now: now).utf8)
        for field in block.fields
        where !field.name.caseInsensitiveEquals(Self.priorityHeader)
            && !field.name.caseInsensitiveEquals(Self.deliverByHeader)
        {
            output.append(contentsOf: field.raw)
            if field.raw.last != UInt8(ascii: "\n") { output.append(contentsOf: [13, 10]) }
        }
        if block.first(named: "Message-ID") == nil {
            output.append(contentsOf: "Message-ID: <\(id.rawValue)@\(hostname)>\r\n".utf8)
        }
        if block.first(named: "Date") == nil {
            output.append(contentsOf: "Date: \(InternetDate.rfc5322(now))\r\n".utf8)
        }
        if block.rest.isEmpty {
            output.append(contentsOf: [13, 10])
        } else {
            if block.rest.first != UInt8(ascii: "\r") && block.rest.first != UInt8(ascii: "\n") {
                output.append(contentsOf: [13, 10])
            }
            output.append(contentsOf: block.rest)
        }
        let tags = MessageTags.parse(
            block.fields.filter { $0.name.caseInsensitiveEquals(Self.tagHeader) }.map(\.unfoldedValue))
        return Result(content: output, priority: priority, deliverBy: deliverBy, tags: tags)
    }

    private func receivedField(id: QueueID, trace: Trace, now: Date) -> String {
        var field =
            "Received: from \(Self.sanitized(trace.heloName)) ([\(Self.sanitized(trace.clientAddress))])\r\n"
        field += "\tby \(hostname) (Steadymail) with \(trace.protocolName) id \(id.rawValue)"
        if let recipient = trace.singleRecipient {
            field += "\r\n\tfor <\(Self.sanitized(recipient))>"
        }
        field += ";\r\n\t\(InternetDate.rfc5322(now))\r\n"
        return field
    }

    /// Keeps client-supplied text from breaking the trace field: printable ASCII without parentheses or brackets.
    static func sanitized(_ text: String) -> String {
        let kept = text.unicodeScalars.map { scalar -> Character in
            guard scalar.isASCII, scalar.value > 32, scalar.value < 127,
                !"()[]<>;\\".unicodeScalars.contains(scalar)
            else { return "_" }
            return Character(scalar)
        }
        return kept.isEmpty ? "unknown" : String(kept.prefix(255))
    }
}
