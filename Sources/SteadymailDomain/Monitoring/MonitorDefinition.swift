import Foundation

/// One monitor as declared in the configuration file or added through the CLI or API.
///
/// It exists so that the configuration, storage (monitors added at run time), the API and the probe runner share one
/// description of what to check, how often, and when to call the target down. The fields a kind does not use stay nil.
/// Secrets are not part of it: an SMTP monitor that checks AUTH uses the credentials of the relay it is bound to.
public struct MonitorDefinition: Sendable, Equatable, Codable {
    /// Unique among monitors; a relay's automatic SMTP monitor is named `relay:<relay name>`.
    public var name: String
    public var kind: MonitorKind
    /// The relay whose health this monitor feeds (down takes it out of rotation), and for `canary` and
    /// `relay-failures` the relay checked; nil for a monitor that feeds no relay.
    public var relay: String?
    /// Host to connect to (`smtp`, `tcp`, `tls-cert`) or to resolve (`dns`).
    public var host: String?
    public var port: Int?
    /// `smtp`: upgrade with STARTTLS after EHLO (`implicit` connects with TLS at once).
    public var tls: MonitorTLS
    /// `smtp`: authenticate with the bound relay's credentials, then QUIT without sending.
    public var checkAuth: Bool
    /// `smtp`, `tls-cert`, `http` over TLS: verify the certificate chain and host name.
    public var tlsVerify: Bool
    /// `http`: the URL fetched with GET.
    public var url: String?
    /// `http`: the status expected; nil accepts any 2xx.
    public var expectStatus: Int?
    /// `http`: a text the body must contain.
    public var bodyContains: String?
    /// `dns`: an address (IPv4 or IPv6 text) that must be among the answers.
    public var expectAddress: String?
    /// `tls-cert`: under this many days left the result is `warn`.
    public var warnDays: Int
    /// `tls-cert`: under this many days left the result is `down`.
    public var failDays: Int
    /// `disk`: free bytes under which the check fails; `oldest-deferred`: age in seconds; `relay-failures`: ratio
    /// (0...1) of failed transactions.
    public var threshold: Double?
    /// `canary`: the local part the canary is sent to at `monitoring.canary_domain`.
    public var canaryMailbox: String?
    /// Time between runs.
    public var interval: Duration
    /// Bound of one run; a canary's bound on its arrival.
    public var timeout: Duration
    /// Consecutive failed runs that mark the monitor down; one success marks it up again.
    public var failuresBeforeDown: Int
    /// Where it came from: monitors from the configuration are replaced on reload and cannot be removed by the API.
    public var source: Source

    /// Where a monitor was declared.
    public enum Source: String, Sendable, Codable {
        /// The `monitors:` section, or a relay's automatic SMTP monitor.
        case configuration
        /// `steadymail monitor add` or `POST /v1/monitors`; kept in storage.
        case runtime
    }

    public init(
        name: String, kind: MonitorKind, relay: String? = nil, host: String? = nil, port: Int? = nil,
        tls: MonitorTLS = .none, checkAuth: Bool = false, tlsVerify: Bool = true, url: String? = nil,
        expectStatus: Int? = nil, bodyContains: String? = nil, expectAddress: String? = nil, warnDays: Int = 14,
        failDays: Int = 3, threshold: Double? = nil, canaryMailbox: String? = nil, interval: Duration = .seconds(30),
        timeout: Duration = .seconds(10), failuresBeforeDown: Int = 2, source: Source = .configuration
    ) {
        self.name = name
        self.kind = kind
        self.relay = relay
        self.host = host
        self.port = port
        self.tls = tls
        self.checkAuth = checkAuth
        self.tlsVerify = tlsVerify
        self.url = url
        self.expectStatus = expectStatus
        self.bodyContains = bodyContains
        self.expectAddress = expectAddress
        self.warnDays = warnDays
        self.failDays = failDays
        self.threshold = threshold
        self.canaryMailbox = canaryMailbox
        self.interval = interval
        self.timeout = timeout
        self.failuresBeforeDown = failuresBeforeDown
        self.source = source
    }
}

/// How an SMTP monitor uses TLS.
public enum MonitorTLS: String, Sendable, Codable, CaseIterable {
    /// Plain SMTP only.
    case none
    /// EHLO, then STARTTLS, then EHLO again.
    case starttls
    /// TLS from the first byte (port 465).
    case implicit
}
