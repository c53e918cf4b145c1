/// How long the I/O layer waits in each stage of an outbound session (RFC 5321 4.5.3.2 defaults).
///
/// It exists because the state machine has no clock: it reports `stage`, and the connection arms the timer this
/// value names for it, then calls `timedOut()` when it fires.
public struct SMTPClientTimeouts: Equatable, Sendable {
    public var connect: Duration = .seconds(30)
    public var greeting: Duration = .seconds(300)
    public var command: Duration = .seconds(300)
    /// The DATA command's 354 and each write of the body (RFC 5321: 2 and 3 minutes).
    public var data: Duration = .seconds(180)
    public var finalDot: Duration = .seconds(600)
    /// How long an established, unused connection is kept for reuse.
    public var idle: Duration = .seconds(60)

    public init() {}

    /// The timeout for the given stage.
    public func duration(for stage: SMTPClientStage) -> Duration {
        switch stage {
        case .connect: return connect
        case .greeting: return greeting
        case .dataEnd: return finalDot
        case .idle: return idle
        case .data: return data
        case .ehlo, .startTLS, .auth, .mail, .rcpt, .rset, .quit: return command
        }
    }
}
