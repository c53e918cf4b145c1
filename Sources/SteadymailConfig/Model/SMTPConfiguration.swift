import SteadymailDomain

/// Settings of the SMTP intake: listeners, limits, TLS, authentication and who may relay.
///
/// It exists to give the SMTP server one value holding every knob of the `smtp:` section, already validated.
public struct SMTPConfiguration: Sendable, Equatable {
    public var listen: ListenAddress
    /// Optional implicit-TLS listener (RFC 8314); only set when ``tls`` is set.
    public var submissionsListen: ListenAddress?
    /// Name announced in the greeting and EHLO reply.
    public var hostname: String
    /// Largest accepted message, in bytes (advertised with SIZE).
    public var maxMessageSize: Int
    public var maxRecipients: Int
    public var maxConnections: Int
    public var maxConnectionsPerIP: Int
    public var idleTimeout: Duration
    /// Protocol errors tolerated on one connection before it is closed.
    public var maxCommandErrors: Int
    /// Intake answers 452 4.3.1 when free space under data_dir is below max(minFreeDisk, minFreeDiskPercent of the
    /// filesystem).
    public var minFreeDisk: Int
    /// Percent of the filesystem, 0...100.
    public var minFreeDiskPercent: Int
    public var diskCheckInterval: Duration
    public var defaultPriority: Priority
    /// Certificate and key enabling STARTTLS; nil means no TLS.
    public var tls: TLSFiles?
    public var auth: AuthConfiguration
    /// Client networks allowed to submit without AUTH.
    public var relayNetworks: [IPNetwork]
    /// Lowercase domains whose mail Steadymail consumes itself (accepted from anyone, never relayed).
    public var localDomains: [String]
}
