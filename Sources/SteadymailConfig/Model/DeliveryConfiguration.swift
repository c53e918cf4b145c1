/// How this node delivers queued mail to the relays: workers, leases, retry schedule, SMTP client timeouts, circuit
/// breakers and the capacity kept for bulk mail.
///
/// It exists so that delivery receives every knob of the `delivery:` section parsed and checked: durations are
/// positive `Duration`s, the retry factor at least 1 and the bulk share within 0...1.
public struct DeliveryConfiguration: Sendable, Equatable {
    /// Whether this node runs delivery workers.
    public var enabled: Bool
    /// Simultaneous outbound SMTP transactions on this node.
    public var concurrency: Int
    /// Recipients claimed per query.
    public var claimBatch: Int
    /// How long a claimed recipient stays leased to this node.
    public var lease: Duration
    /// Age at which a waiting recipient expires (RFC 5321 4.5.4.1).
    public var maxAge: Duration
    /// Age at which a recipient still undelivered gets a `delayed` event and its SMTP sender one delay notice.
    public var delayWarning: Duration
    /// Ceiling of the first retry delay; the delay is drawn uniformly below the ceiling (full jitter).
    public var retryInitial: Duration
    /// Growth of the ceiling per attempt, at least 1.
    public var retryFactor: Double
    /// Largest ceiling.
    public var retryMax: Duration
    public var connectTimeout: Duration
    public var greetingTimeout: Duration
    /// Timeout of EHLO, MAIL, RCPT and RSET replies.
    public var commandTimeout: Duration
    /// Timeout of the DATA command and of each block of the body.
    public var dataTimeout: Duration
    /// Timeout of the reply after the final dot.
    public var finalDotTimeout: Duration
    /// How long an idle relay connection is kept for reuse.
    public var connectionIdle: Duration
    /// Consecutive relay-level failures that open a relay's circuit.
    public var breakerThreshold: Int
    /// First open period of a circuit; doubles on each failed trial.
    public var breakerCooldown: Duration
    /// Longest open period of a circuit.
    public var breakerCooldownMax: Duration
    /// Share of ``concurrency`` kept for bulk mail while bulk mail is waiting, 0...1.
    public var bulkShare: Double
    /// Name sent in EHLO; `smtp.hostname` unless set.
    public var heloName: String
}
