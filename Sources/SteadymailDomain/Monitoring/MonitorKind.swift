/// What a monitor checks.
///
/// It exists so that the configuration, storage, the API and the probe runner name the kinds of check the same way;
/// the raw value is the `type:` of a monitor in the configuration file and in the API.
public enum MonitorKind: String, Sendable, Codable, CaseIterable {
    /// Connect, greeting, EHLO, optionally STARTTLS and an AUTH check, QUIT.
    case smtp
    /// A TCP connection is accepted.
    case tcp
    /// A host name resolves to A/AAAA records, optionally including an expected address.
    case dns
    /// Days until the certificate a TLS server presents expires.
    case tlsCert = "tls-cert"
    /// An HTTP(S) GET answers with the expected status and, optionally, a body containing a text.
    case http
    /// A message sent through one relay comes back to Steadymail's own SMTP server in time.
    case canary
    /// The queue database takes a write.
    case storage
    /// Free space under `data_dir` stays above a threshold.
    case disk
    /// The oldest recipient waiting for delivery is younger than a threshold.
    case oldestDeferred = "oldest-deferred"
    /// The share of a relay's transactions that failed at relay level over the recent window stays under a ratio.
    case relayFailures = "relay-failures"

    /// Kinds that look at this node itself rather than at a host on the network.
    public var isInternal: Bool {
        switch self {
        case .storage, .disk, .oldestDeferred, .relayFailures: true
        case .smtp, .tcp, .dns, .tlsCert, .http, .canary: false
        }
    }
}
