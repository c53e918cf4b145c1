/// The result of offering one message to a relay: every reply, in order, and where it failed if it did.
///
/// It exists so that the delivery layer can update each recipient from the remote answer that concerns it
/// (`decisiveReply(forRecipientAt:)`) and record the remote text verbatim. A recipient is delivered only when its
/// RCPT reply and `dataReply` are both positive.
public struct SMTPTransactionOutcome: Equatable, Sendable {
    public var mailReply: SMTPClientReply?
    /// One entry per recipient, in order; nil when the RCPT was never sent.
    public var recipientReplies: [SMTPClientReply?]
    /// The reply to the DATA command (354 when the body was sent).
    public var dataCommandReply: SMTPClientReply?
    /// The reply after the final dot.
    public var dataReply: SMTPClientReply?
    /// Where the transaction as a whole failed; nil when the message was accepted for some recipients.
    public var failedStage: SMTPClientStage?
    /// Set when the client refused the message without sending it; then every recipient has `refusal.reply`.
    public var localRefusal: SMTPLocalRefusal?

    public init(recipientCount: Int) {
        recipientReplies = Array(repeating: nil, count: recipientCount)
    }

    /// Whether the message needs a relay that offers 8BITMIME; this client does not downgrade bodies.
    public var requires8BitMIME: Bool { localRefusal == .eightBitMIMENotOffered }

    /// The reply that decides the fate of one recipient: its own refusal, else the first failure of the
    /// transaction, else the reply to the final dot. Nil when the transaction ended before anything decided it.
    public func decisiveReply(forRecipientAt index: Int) -> SMTPClientReply? {
        if let localRefusal { return localRefusal.reply }
        if let mailReply, !mailReply.isPositive { return mailReply }
        guard let recipientReply = recipientReplies[index] else { return nil }
        if !recipientReply.isPositive { return recipientReply }
        if let dataCommandReply, dataCommandReply.code != 354 { return dataCommandReply }
        return dataReply
    }
}
