/// The server-wide settings that shape every SMTP session.
///
/// It exists so that the state machine is configured by plain values, with no dependency on the configuration
/// layer, and so that tests can state the policy a transcript runs under.
public struct SMTPServerPolicy: Equatable, Sendable {
    /// Our name, used in the greeting, EHLO reply and 421 replies.
    public var hostname: String
    /// The largest message accepted, in octets (advertised as `SIZE`).
    public var maxMessageSize: Int
    /// The most recipients accepted per transaction; extra ones get `452 4.5.3`.
    public var maxRecipients: Int
    /// Domains we accept mail for from anyone, lowercased.
    public var localDomains: Set<String>
    /// Whether a certificate is configured, so STARTTLS may be offered.
    public var startTLSAvailable: Bool
    /// Whether users are configured, so AUTH may be offered.
    public var authAvailable: Bool
    /// After this many error replies in one session: `421 4.7.0 Too many errors` and close.
    public var maxCommandErrors: Int

    public init(
        hostname: String, maxMessageSize: Int, maxRecipients: Int, localDomains: Set<String>,
        startTLSAvailable: Bool, authAvailable: Bool, maxCommandErrors: Int
    ) {
        self.hostname = hostname
        self.maxMessageSize = maxMessageSize
        self.maxRecipients = maxRecipients
        self.localDomains = localDomains
        self.startTLSAvailable = startTLSAvailable
        self.authAvailable = authAvailable
        self.maxCommandErrors = maxCommandErrors
    }

    /// The most input bytes held or read without progress: while waiting for an answer, or in one DATA body.
    /// Beyond it the session gets `421 4.7.0` and is closed.
    public var inputLimit: Int { max(2 * maxMessageSize, 10 * 1024 * 1024) }
}

/// What is known about one connection when it is accepted.
///
/// It exists so that relay and AUTH decisions depend on explicit facts about the client, passed in by the handler.
public struct SMTPSessionInfo: Equatable, Sendable {
    /// The peer address, as text, for the Received header.
    public var clientAddress: String
    /// Whether the client is in `relay_networks` and may relay without authentication.
    public var clientIsTrusted: Bool
    /// Whether the connection is already encrypted (implicit TLS listener).
    public var tlsActive: Bool

    public init(clientAddress: String, clientIsTrusted: Bool, tlsActive: Bool) {
        self.clientAddress = clientAddress
        self.clientIsTrusted = clientIsTrusted
        self.tlsActive = tlsActive
    }
}
