import Foundation
import SteadymailStorage

/// Where the scrape-time gauges of `GET /metrics` come from: the queue store (counts kept by triggers, the oldest
/// waiting arrival from an index; never a walk over the queue), the SMTP connection limiter, the relay pool and the
/// webhook outbox.
///
/// It exists so that gauges are read from the truth at each scrape instead of being counted in memory, and so that a
/// test can hand in each source on its own.
struct MetricsSources: Sendable {
    var store: any QueueStore
    /// Open SMTP sessions (the connection limiter's count).
    var smtpSessions: @Sendable () -> Int
    /// The relay pool; nil where delivery is not assembled.
    var relays: (any RelayControl)?
    var webhookBacklog: WebhookBacklog

    func snapshot(now: Date) async throws -> MetricsSnapshot {
        let counts = try await store.counts()
        let oldest = try await store.oldestWaitingArrival()
        let relayStates = await relays?.snapshot() ?? []
        return MetricsSnapshot(
            queue: counts.byState,
            oldestWaitingSeconds: oldest.map { max(0, now.timeIntervalSince($0)) } ?? 0,
            smtpSessions: smtpSessions(),
            relayStates: Dictionary(relayStates.map { ($0.name, $0.state) }, uniquingKeysWith: { first, _ in first }),
            webhookBacklog: try await webhookBacklog.read())
    }
}
