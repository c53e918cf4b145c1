import NIOCore

/// What the connection driving `SMTPClientStateMachine` must do next, in order.
///
/// It exists so that the NIO handler holds no protocol logic: it writes, starts TLS, hands results to the delivery
/// layer and closes, exactly as told.
public enum SMTPClientAction: Equatable, Sendable {
    /// Write these bytes (commands, or a whole dot-stuffed body).
    case write(ByteBuffer)
    /// Insert the TLS client handler now, then call `tlsEstablished()` or `tlsFailed()`.
    case startTLS
    /// The session is established with these capabilities: `send(_:)` may be called. Given once per session.
    case ready(SMTPServerCapabilities)
    /// One message's result; the machine is ready for `send(_:)` or `quit()` again.
    case delivered(SMTPTransactionOutcome)
    /// The session failed; a `.close` follows. Any message in flight has no outcome beyond this failure.
    case failed(SMTPSessionFailure)
    /// Close the connection (after flushing earlier writes).
    case close
}
