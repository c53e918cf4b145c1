/// One upstream SMTP relay that delivery may hand mail to.
///
/// It exists so that delivery receives each relay with its TLS policy, credentials and pacing already validated.
public struct RelayConfiguration: Sendable, Equatable {
    /// Unique, non-empty name used in logs and metrics.
    public var name: String
    public var host: String
    /// Defaults to 465 for ``RelayTLSMode/implicit`` and 587 otherwise.
    public var port: Int
    public var tls: RelayTLSMode
    /// Nil when the relay needs no authentication.
    public var credentials: RelayCredentials?
    /// Share of traffic relative to other relays of the same priority group, at least 1.
    public var weight: Int
    public var maxConnections: Int
    public var maxMessagesPerConnection: Int
    /// Messages per second; nil means unlimited.
    public var rate: Double?
    /// Relays of the lowest group are used first; higher groups are fallbacks.
    public var priorityGroup: Int
    /// Whether the relay's TLS certificate is verified; false only for tests and self-signed relays.
    public var tlsVerify: Bool
    /// An extra PEM CA bundle trusted for this relay; nil for the system trust store only.
    public var caFile: String?
    /// The availability the relay's provider promises, in percent (99.9); nil when none is stated. Measured by the
    /// relay's monitors and watched with the `sla:` burn-rate pairs.
    public var sla: Double? = nil
}

/// The login Steadymail presents to a relay.
///
/// It exists so that the password is never printed by accident: its description shows only the username.
public struct RelayCredentials: Sendable, Equatable, CustomStringConvertible {
    public var username: String
    public var password: String

    public var description: String { "RelayCredentials(\(username))" }
}
