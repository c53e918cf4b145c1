/// Where an outbound session is: what the client is waiting for.
///
/// It exists so that the I/O layer can arm the right timeout (`SMTPClientTimeouts.duration(for:)`) and so that
/// every failure names the step it happened in; `.dataEnd` means the body was sent and the outcome is unknown.
public enum SMTPClientStage: Equatable, Sendable {
    /// Before `connected()`: TCP (and, for implicit TLS, the handshake).
    case connect
    case greeting
    /// EHLO, or HELO after EHLO was refused.
    case ehlo
    /// The STARTTLS command and the handshake after it.
    case startTLS
    case auth
    /// Established and unused: a message may be sent.
    case idle
    case mail
    case rcpt
    /// The DATA command, before the 354.
    case data
    /// The body was sent; waiting for the reply to the final dot.
    case dataEnd
    case rset
    case quit
}
