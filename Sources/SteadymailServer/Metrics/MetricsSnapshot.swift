import SteadymailDomain

/// The values behind the gauges of `GET /metrics`, read from their sources at scrape time.
///
/// It exists so that reading the sources (`MetricsSources`) and setting the gauges (`SteadymailMetrics.refresh`) are
/// separate steps, each testable without the other.
struct MetricsSnapshot: Sendable, Equatable {
    /// Recipients per state, as `steadymail queue` counts them; states without any may be left out.
    var queue: [RecipientState: Int]
    /// Seconds since the oldest waiting (queued or deferred) recipient arrived; 0 when none waits.
    var oldestWaitingSeconds: Double
    /// Open SMTP sessions on every listener.
    var smtpSessions: Int
    /// Each relay's state as `steadymail relays` shows it: closed, half-open, open or paused.
    var relayStates: [String: String]
    /// Webhook events waiting in the outbox; nil while the node has no webhook outbox.
    var webhookBacklog: Int?
}
