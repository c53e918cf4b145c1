/// What the channel handler must do next, as decided by `SMTPServerStateMachine`.
///
/// It exists so that the handler holds no protocol logic: it executes actions in order. After `.startTLS`,
/// `.authenticate` or `.enqueue` the machine stops reading input until the matching answer is given
/// (`tlsEstablished()`/`tlsFailed()`, `authenticationFinished(_:)`, `enqueueFinished(_:)`).
public enum SMTPServerAction: Equatable, Sendable {
    /// Write this reply.
    case send(SMTPReply)
    /// Install TLS now (the `220 2.0.0 Ready to start TLS` reply was the previous action), then call
    /// `tlsEstablished()` or `tlsFailed()`.
    case startTLS
    /// Check these credentials, then call `authenticationFinished(_:)`.
    case authenticate(username: String, password: String)
    /// Store this message durably, then call `enqueueFinished(_:)`; only then is 250 sent.
    case enqueue(SMTPTransaction)
    /// Close the connection (after flushing the replies before it).
    case close
}
