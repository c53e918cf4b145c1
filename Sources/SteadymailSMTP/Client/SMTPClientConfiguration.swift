/// Everything one outbound session needs to know before it connects.
///
/// It exists so that the state machine's behaviour (TLS policy, AUTH, reply limits) is fixed at creation and
/// visible in one value, and the timeouts the I/O layer applies travel with it.
public struct SMTPClientConfiguration: Equatable, Sendable {
    /// The name sent with EHLO/HELO.
    public var heloName: String
    public var tlsMode: SMTPClientTLSMode
    /// Sent with AUTH (PLAIN when offered, else LOGIN), only over TLS unless `tlsMode` is `.none`.
    public var credentials: SMTPClientCredentials?
    /// The longest reply line accepted, in octets without its line ending.
    public var maxReplyLineLength: Int
    /// The most lines accepted in one reply.
    public var maxReplyLines: Int
    public var timeouts: SMTPClientTimeouts

    public init(
        heloName: String, tlsMode: SMTPClientTLSMode = .opportunistic, credentials: SMTPClientCredentials? = nil,
        maxReplyLineLength: Int = 4_096, maxReplyLines: Int = 200, timeouts: SMTPClientTimeouts = SMTPClientTimeouts()
    ) {
        self.heloName = heloName
        self.tlsMode = tlsMode
        self.credentials = credentials
        self.maxReplyLineLength = maxReplyLineLength
        self.maxReplyLines = maxReplyLines
        self.timeouts = timeouts
    }
}
