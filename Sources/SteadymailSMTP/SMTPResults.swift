/// The answer to `SMTPServerAction.authenticate`.
///
/// It exists so that the credential check (and failure rate limiting per client) lives outside the protocol.
public enum SMTPAuthResult: Equatable, Sendable {
    /// Credentials are valid: `235 2.7.0`.
    case succeeded(username: String)
    /// Credentials are invalid: `535 5.7.8`; the client may try again.
    case failed
    /// Too many failures from this client: `421 4.7.0` and the connection is closed.
    case tooManyFailures
}

/// The answer to `SMTPServerAction.enqueue`.
///
/// It exists so that the 250 after DATA is sent only once the message is durable.
public enum SMTPEnqueueResult: Equatable, Sendable {
    /// Stored durably: `250 2.0.0 Ok: queued as <id>`.
    case queued(id: String)
    /// Disk or queue full: `452 4.3.1 Insufficient system storage`.
    case insufficientStorage
    /// Any other temporary fault: `451 4.3.0 <text>` (control characters in the text are replaced by spaces).
    case temporaryFailure(String)
    /// The message itself is unacceptable (for example a bad control header): `554 5.6.0 <text>`.
    case rejected(String)
}
