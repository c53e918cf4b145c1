/// Why an outbound session ended before its work was done.
///
/// It exists so that the delivery layer can tell a relay failure (try the next relay, defer the recipients) from a
/// message-level answer, and can see the one dangerous case: a timeout or drop after the final dot, when the
/// message may have been delivered (`isMaybeDelivered`).
public struct SMTPSessionFailure: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The server answered with a code that ends the session (421 anywhere, or a refusal during set-up).
        case reply(SMTPClientReply)
        /// The server broke the protocol (hostile or broken reply, bytes after STARTTLS's 220, unexpected reply).
        case protocolError(String)
        /// EOF or reset, including in the middle of a reply.
        case connectionClosed
        case timeout
        /// `tlsMode` demands TLS (or credentials are configured) and the relay does not offer STARTTLS.
        case tlsRequiredButNotOffered
        case tlsFailed
        /// Credentials are configured and the relay offers neither PLAIN nor LOGIN.
        case authenticationNotOffered
    }

    public var stage: SMTPClientStage
    public var kind: Kind

    public init(stage: SMTPClientStage, kind: Kind) {
        self.stage = stage
        self.kind = kind
    }

    /// Whether the message being sent may have been accepted although no reply to the final dot arrived.
    public var isMaybeDelivered: Bool {
        stage == .dataEnd && (kind == .timeout || kind == .connectionClosed)
    }
}
