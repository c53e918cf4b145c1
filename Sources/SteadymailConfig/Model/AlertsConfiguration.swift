/// The `alerts:` section: where alerts go, how often a lasting condition is repeated, and the thresholds of the
/// node-level alerts.
///
/// It exists so that the alert dispatcher receives its channels with URLs, secrets and addresses checked.
public struct AlertsConfiguration: Sendable, Equatable {
    /// A condition that lasts is announced again at most this often (1 h); its end is always announced.
    public var repeatInterval: Duration
    /// The oldest waiting recipient older than this raises an alert (1 h); nil turns the alert off.
    public var oldestDeferred: Duration?
    /// Free bytes under `data_dir` below this raise an alert (the double of `queue.min_free_disk` when unset).
    public var diskLow: Int64?
    /// Bound of one delivery attempt to a webhook or Slack channel.
    public var timeout: Duration
    public var channels: [AlertChannelConfiguration]

    public init(
        repeatInterval: Duration = .seconds(3600), oldestDeferred: Duration? = .seconds(3600), diskLow: Int64? = nil,
        timeout: Duration = .seconds(10), channels: [AlertChannelConfiguration] = []
    ) {
        self.repeatInterval = repeatInterval
        self.oldestDeferred = oldestDeferred
        self.diskLow = diskLow
        self.timeout = timeout
        self.channels = channels
    }
}

/// One place alerts are sent to.
public struct AlertChannelConfiguration: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A JSON POST signed like Steadymail's webhooks (`X-Steadymail-Signature`).
        case webhook
        /// A Slack-compatible incoming webhook: `{"text": ...}`.
        case slack
        /// A message through Steadymail's own queue, transactional priority, to an operator address.
        case email
    }

    /// Unique among channels; used in logs.
    public var name: String
    public var kind: Kind
    /// `webhook` and `slack`: the URL posted to (http or https).
    public var url: String?
    /// `webhook`: the HMAC key of the signature.
    public var secret: String?
    /// `email`: the operator address.
    public var to: String?
    /// `email`: the sender address (`steadymail@<smtp.hostname>` when unset).
    public var from: String?

    public init(
        name: String, kind: Kind, url: String? = nil, secret: String? = nil, to: String? = nil, from: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.url = url
        self.secret = secret
        self.to = to
        self.from = from
    }
}
