/// How this node delivers webhook events: which targets it may reach, how long and how often it retries, and how many
/// requests it runs at once.
///
/// It exists so that the webhook dispatcher and the subscription checks receive the `webhooks:` section parsed and
/// checked, with every duration positive and every limit in range.
public struct WebhooksConfiguration: Sendable, Equatable {
    /// Whether webhook targets may be loopback, private, link-local or other non-public addresses (for tests and
    /// closed networks); off, every address a target resolves to must be public.
    public var allowPrivateTargets: Bool
    /// An event not acknowledged this long after it happened is given up.
    public var maxAge: Duration
    /// Ceiling of the first retry delay; it doubles per failed attempt.
    public var retryInitial: Duration
    /// Largest retry delay.
    public var retryMax: Duration
    /// Bound of one request: name resolution, connection, TLS, sending and the response head.
    public var timeout: Duration
    /// Requests in flight at once on this node.
    public var concurrency: Int
    /// Redirects (307 and 308) followed per delivery; 0 follows none.
    public var maxRedirects: Int
    /// How often an idle dispatcher looks for new events.
    public var pollInterval: Duration

    public init(
        allowPrivateTargets: Bool = false, maxAge: Duration = .seconds(3 * 86_400),
        retryInitial: Duration = .seconds(10),
        retryMax: Duration = .seconds(3600), timeout: Duration = .seconds(10), concurrency: Int = 4,
        maxRedirects: Int = 3, pollInterval: Duration = .seconds(1)
    ) {
        self.allowPrivateTargets = allowPrivateTargets
        self.maxAge = maxAge
        self.retryInitial = retryInitial
        self.retryMax = retryMax
        self.timeout = timeout
        self.concurrency = concurrency
        self.maxRedirects = maxRedirects
        self.pollInterval = pollInterval
    }
}
