/// Settings of the HTTP API listener.
///
/// It exists so that the `http:` section has a home as it grows.
public struct HTTPConfiguration: Sendable, Equatable {
    public var listen: ListenAddress
    /// A connection with no request in progress for this long is closed.
    public var idleTimeout: Duration
    /// `GET /readyz` probes storage with a write at most once per this interval; requests in between reuse the result.
    public var readyProbeInterval: Duration
    /// The largest request body read, in bytes (base64 attachments included; a batch shares it); larger gets 413.
    public var maxRequestSize: Int
    /// Messages per second each API key may submit (a batch counts each of its messages).
    public var rateLimit: Double
    /// Messages an API key may submit at once above its rate, when it has been quiet.
    public var rateBurst: Int
    /// How long the answer to an `Idempotency-Key` is kept and replayed.
    public var idempotencyTTL: Duration
    /// A second listener serving only the public status page (`GET /status`, `GET /status.json`), away from the
    /// admin API; nil for none.
    public var publicListen: ListenAddress?
    /// The base of links that recipients follow (`https://news.example.org`, no trailing slash): `http.public_url`,
    /// else `http://<public_listen>`; nil when neither is set.
    public var publicURL: String?
    /// The file holding the key that signs those links; nil means `<data_dir>/link-signing.key`, created on first
    /// start.
    public var linkKeyFile: String?

    public init(
        listen: ListenAddress, idleTimeout: Duration, readyProbeInterval: Duration, maxRequestSize: Int,
        rateLimit: Double, rateBurst: Int, idempotencyTTL: Duration, publicListen: ListenAddress? = nil,
        publicURL: String? = nil, linkKeyFile: String? = nil
    ) {
        self.publicListen = publicListen
        self.publicURL = publicURL
        self.linkKeyFile = linkKeyFile
        self.listen = listen
        self.idleTimeout = idleTimeout
        self.readyProbeInterval = readyProbeInterval
        self.maxRequestSize = maxRequestSize
        self.rateLimit = rateLimit
        self.rateBurst = rateBurst
        self.idempotencyTTL = idempotencyTTL
    }
}
