import SteadymailDomain

/// A send request whose every field passed: the envelope, the message (to compose, or as given) and the queue
/// options.
///
/// It exists as the one shape both endpoints hand to `SendService`, so that composing, intake and the answer are the
/// same for a composed and a raw message.
struct ValidatedSend: Sendable {
    enum Content: Sendable {
        /// To be composed once the queue id (and with it the Message-ID) is known.
        case draft(MessageDraft)
        /// A complete message, CRLF line ends.
        case raw([UInt8])
    }

    /// The reverse path without brackets; empty for the null sender.
    var sender: String
    /// Forward paths without brackets, each once.
    var recipients: [String]
    /// The request field each recipient came from (`to[0]`, `bcc[1]`, `envelope.to[2]`), for a refusal to name it.
    var recipientFields: [String]
    var content: Content
    var options: QueueOptions
}

/// The limits a send request is held to, from the `smtp:` section, so that the API never accepts what SMTP would not.
struct SendLimits: Sendable {
    var maxRecipients: Int
    var maxMessageSize: Int
}
