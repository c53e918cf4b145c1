/// The step of an outbound SMTP transaction at which something went wrong.
///
/// It exists because the same reply means different things at different steps: a 550 to MAIL blames the relay, a 550
/// to one RCPT blames that recipient.
public enum DeliveryStage: String, Sendable, Hashable, CaseIterable {
    case connect
    case tls
    case greeting
    case ehlo
    case auth
    case mail
    case rcpt
    /// The DATA command and the transmission of the message body, before the final dot was sent.
    case data
    /// Waiting for the reply after the final dot: the server may already have accepted the message.
    case dataEnd
    /// RSET, QUIT or any other command outside a transaction.
    case other
}
