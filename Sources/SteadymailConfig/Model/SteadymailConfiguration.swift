import Foundation

/// The fully resolved and validated configuration a Steadymail process runs with.
///
/// It exists so that the rest of the server never sees YAML, environment variables or unparsed text: every duration is a
/// `Duration`, every size a byte count, every default filled in. Build it with ``load(path:environment:)``; a failure is
/// one ``ConfigError`` line and exit status ``ConfigError/exitCode``.
public struct SteadymailConfiguration: Sendable, Equatable {
    /// Directory holding the queue and other state; relative paths stay relative to the working directory.
    public var dataDir: String
    public var logLevel: LogLevel
    /// On SIGTERM, how long open SMTP transactions get to finish.
    public var shutdownGracePeriod: Duration
    /// Unix socket the CLI uses to talk to the running server (default `<data_dir>/control.sock`).
    public var controlSocket: String
    public var smtp: SMTPConfiguration
    public var queue: QueueConfiguration
    public var storage: StorageConfiguration
    public var http: HTTPConfiguration
    /// Upstream SMTP relays, in file order.
    public var relays: [RelayConfiguration]
    public var delivery: DeliveryConfiguration
    /// Routing rules in file order; the first match wins, no match means all relays.
    public var routes: [RouteConfiguration]
    /// Recovery pacing and the reaction to throttling replies.
    public var shaping: ShapingConfiguration
    /// Recipient domains and groups of domains with limits of their own, in file order.
    public var destinations: [DestinationConfiguration]
    /// How long finished mail is kept.
    public var retention: RetentionConfiguration
    /// How events reach webhook subscriptions.
    public var webhooks: WebhooksConfiguration
    /// Monitors and how their history is kept.
    public var monitoring: MonitoringConfiguration
    /// Where alerts go and when they repeat.
    public var alerts: AlertsConfiguration
    /// What the public status page is called and how long one reading of it is reused.
    public var status: StatusConfiguration
    /// How maintenance windows drain relays.
    public var maintenance = MaintenanceConfiguration.defaults
    /// Error budgets, burn-rate alerts and delivery objectives.
    public var sla: SLAConfiguration = SLAConfiguration()
    /// How double opt-in confirmations are sent.
    public var lists = ListsConfiguration()
    /// How the campaign runner feeds campaigns into the queue.
    public var campaigns = CampaignsConfiguration.defaults
    /// Where bounces, complaints and mailto unsubscribes come back, and the provider webhooks' credentials.
    public var feedback = FeedbackConfiguration()
    /// The reputation guard's window and thresholds.
    public var reputation = ReputationConfiguration()

    /// The file read when no path is given; its absence means "run with defaults".
    public static let defaultPath = "steadymail.yaml"

    /// Reads the YAML file at `path` (or ``defaultPath`` if present), layers `STEADYMAIL_*` overrides from
    /// `environment` on top, and validates the result.
    public static func load(path: String?, environment: [String: String]) throws(ConfigError)
        -> SteadymailConfiguration
    {
        let filePath = path ?? defaultPath
        guard FileManager.default.fileExists(atPath: filePath) else {
            if path == nil {
                return try parse(yaml: "", environment: environment)
            }
            throw ConfigError(key: "config", message: "file \(filePath) does not exist")
        }
        guard let data = FileManager.default.contents(atPath: filePath) else {
            throw ConfigError(key: "config", message: "file \(filePath) is not readable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(key: "config", message: "file \(filePath) is not valid UTF-8")
        }
        return try parse(yaml: text, environment: environment)
    }

    /// Parses configuration text as if it had been read from a file; an empty string yields the defaults.
    public static func parse(yaml: String, environment: [String: String]) throws(ConfigError)
        -> SteadymailConfiguration
    {
        let document = try ConfigDocument(yaml: yaml, environment: environment)
        return try ConfigResolver(document: document, environment: environment).resolve()
    }
}
