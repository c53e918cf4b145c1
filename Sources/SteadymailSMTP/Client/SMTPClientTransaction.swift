import NIOCore

/// One message in flight: the commands not yet written, the replies still expected, and the outcome so far.
///
/// It exists so that pipelined and lockstep sending share one reply path: with PIPELINING every command is written
/// at once and `awaiting` holds all their replies; without it, one command is written per reply.
struct SMTPClientTransaction: Sendable {
    enum Step: Equatable, Sendable {
        case mail
        case rcpt(Int)
        case data
        case dataEnd

        var stage: SMTPClientStage {
            switch self {
            case .mail: return .mail
            case .rcpt: return .rcpt
            case .data: return .data
            case .dataEnd: return .dataEnd
            }
        }
    }

    struct Command: Sendable {
        var step: Step
        var bytes: ByteBuffer
    }

    var unsent: [Command]
    var awaiting: [Step] = []
    let body: ByteBuffer
    var outcome: SMTPTransactionOutcome

    /// The transaction for `message`, or why it must not be offered to a relay with these capabilities.
    static func prepare(_ message: SMTPOutboundMessage, for capabilities: SMTPServerCapabilities)
        -> Result<SMTPClientTransaction, SMTPLocalRefusal>
    {
        guard !message.recipients.isEmpty, !message.hasUnsafeAddress else { return .failure(.invalidEnvelope) }
        let smtputf8 = message.needsSMTPUTF8
        if smtputf8 && !capabilities.smtputf8 { return .failure(.smtputf8NotOffered) }
        let eightBit = message.needsEightBit
        if eightBit && !capabilities.eightBitMIME { return .failure(.eightBitMIMENotOffered) }
        let body = SMTPBodyEncoder.encode(message.content)
        var mail = "MAIL FROM:<\(message.sender)>"
        if let limit = capabilities.size {
            if limit > 0 && body.readableBytes > limit {
                return .failure(.messageTooLarge(size: body.readableBytes, limit: limit))
            }
            mail += " SIZE=\(body.readableBytes)"
        }
        if eightBit { mail += " BODY=8BITMIME" }
        if smtputf8 { mail += " SMTPUTF8" }
        let commands =
            [Command(step: .mail, bytes: ByteBuffer(string: mail + "\r\n"))]
            + message.recipients.enumerated().map { index, recipient in
                Command(step: .rcpt(index), bytes: ByteBuffer(string: "RCPT TO:<\(recipient)>\r\n"))
            }
            + [Command(step: .data, bytes: ByteBuffer(string: "DATA\r\n"))]
        return .success(
            SMTPClientTransaction(
                unsent: commands, body: body, outcome: SMTPTransactionOutcome(recipientCount: message.recipients.count)
            ))
    }

    var stage: SMTPClientStage { awaiting.first?.stage ?? .mail }

    /// Whether the body may still be sent: MAIL and at least one RCPT accepted.
    var canSendBody: Bool {
        outcome.mailReply?.isPositive == true && outcome.recipientReplies.contains { $0?.isPositive == true }
    }

    /// Takes the next commands to write: all of them when pipelining, else the next one.
    mutating func takeCommands(pipelining: Bool) -> ByteBuffer {
        let count = pipelining ? unsent.count : 1
        var output = ByteBuffer()
        for command in unsent.prefix(count) {
            var bytes = command.bytes
            output.writeBuffer(&bytes)
            awaiting.append(command.step)
        }
        unsent.removeFirst(min(count, unsent.count))
        return output
    }

    /// Sets `failedStage` from the replies received; called when the transaction ends.
    mutating func conclude() {
        if outcome.mailReply?.isPositive != true {
            outcome.failedStage = .mail
        } else if !canSendBody {
            outcome.failedStage = .rcpt
        } else if outcome.dataCommandReply?.code != 354 {
            outcome.failedStage = .data
        } else if outcome.dataReply?.isPositive != true {
            outcome.failedStage = .dataEnd
        }
    }
}
