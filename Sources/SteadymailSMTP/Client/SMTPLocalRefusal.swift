/// Why the client refused a message for a relay without sending its envelope.
///
/// It exists to keep message-level problems apart from relay failures: the relay did nothing wrong, and the
/// delivery layer decides whether another relay could take the message (`eightBitMIMENotOffered`) or it bounces.
public enum SMTPLocalRefusal: Error, Equatable, Sendable {
    /// The message is larger than the relay's SIZE: `552 5.3.4`.
    case messageTooLarge(size: Int, limit: Int)
    /// The message needs SMTPUTF8 and the relay does not offer it: `553 5.6.7`.
    case smtputf8NotOffered
    /// The body has 8-bit octets and the relay does not offer 8BITMIME: `554 5.6.3`. No downgrade is attempted.
    case eightBitMIMENotOffered
    /// An address holds a control character or an angle bracket, or there is no recipient: `553 5.1.3`.
    case invalidEnvelope

    /// The reply reported for every recipient.
    public var reply: SMTPClientReply {
        switch self {
        case .messageTooLarge(let size, let limit):
            return SMTPClientReply(
                code: 552, enhancedStatus: "5.3.4", text: "Message size \(size) exceeds the relay's limit \(limit)")
        case .smtputf8NotOffered:
            return SMTPClientReply(code: 553, enhancedStatus: "5.6.7", text: "Relay does not support SMTPUTF8")
        case .eightBitMIMENotOffered:
            return SMTPClientReply(code: 554, enhancedStatus: "5.6.3", text: "Relay does not support 8BITMIME")
        case .invalidEnvelope:
            return SMTPClientReply(code: 553, enhancedStatus: "5.1.3", text: "Invalid envelope address")
        }
    }
}
