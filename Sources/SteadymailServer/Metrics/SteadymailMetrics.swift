import Foundation
import Metrics
import SteadymailDomain
import Synchronization

/// The metrics Steadymail exports on `GET /metrics`, made through one swift-metrics factory.
///
/// It exists so that each place where something happens records it in one line (`metrics.accepted(.smtp)`), so that
/// the name and labels of every series live in one file, and so that tests hand in their own factory instead of
/// depending on the process-wide `MetricsSystem` (which may be bootstrapped only once per process). Counters count
/// where things happen; the gauges (queue depth, oldest waiting recipient, SMTP sessions, relay circuits, webhook
/// backlog) are set from their source at each scrape by `refresh`, so they cannot drift from the truth.
public final class SteadymailMetrics: Sendable {
    /// The names of the series, as Prometheus shows them.
    enum Name {
        static let accepted = "steadymail_messages_accepted_total"
        static let finished = "steadymail_recipients_final_total"
        static let deferrals = "steadymail_deferrals_total"
        static let failovers = "steadymail_failovers_total"
        static let circuit = "steadymail_relay_circuit_state"
        static let latency = "steadymail_delivery_latency_seconds"
        static let queue = "steadymail_queue_recipients"
        static let oldestWaiting = "steadymail_queue_oldest_waiting_seconds"
        static let sessions = "steadymail_smtp_sessions"
        static let webhookBacklog = "steadymail_webhook_backlog"
        static let feedback = "steadymail_feedback_total"
    }

    /// The upper bounds of the delivery latency histogram's buckets: from 0.1 s to one day.
    static let latencyBuckets: [Duration] = [
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10), .seconds(30), .seconds(60), .seconds(120), .seconds(300), .seconds(600), .seconds(1800),
        .seconds(3600), .seconds(7200), .seconds(14400), .seconds(43200), .seconds(86400),
    ]

    /// The `state` values of `steadymail_relay_circuit_state`, as `steadymail relays` names them. An operator's pause
    /// shadows the breaker, as it does there.
    static let circuitStates = ["closed", "half-open", "open", "down", "paused", "maintenance"]

    /// The final states counted by `steadymail_recipients_final_total`.
    static let finalStates: [RecipientState] = [.delivered, .bounced, .expired]

    private let factory: any MetricsFactory
    private let acceptedCounters: [IntakeInterface: Counter]
    private let finalCounters: [RecipientState: Counter]
    private let latency: Metrics.Timer
    private let queueGauges: [RecipientState: Gauge]
    private let oldestWaiting: Gauge
    private let sessions: Gauge
    /// The relays whose circuit series were exported at the last scrape, and whether the webhook backlog was.
    private let exported = Mutex<(relays: Set<String>, webhookBacklog: Bool)>(([], false))

    public init(factory: any MetricsFactory) {
        self.factory = factory
        acceptedCounters = Dictionary(
            uniqueKeysWithValues: IntakeInterface.allCases.map {
                ($0, Counter(label: Name.accepted, dimensions: [("interface", $0.rawValue)], factory: factory))
            })
        finalCounters = Dictionary(
            uniqueKeysWithValues: Self.finalStates.map {
                ($0, Counter(label: Name.finished, dimensions: [("state", $0.rawValue)], factory: factory))
            })
        latency = Metrics.Timer(label: Name.latency, factory: factory)
        queueGauges = Dictionary(
            uniqueKeysWithValues: RecipientState.allCases.map {
                ($0, Gauge(label: Name.queue, dimensions: [("state", $0.rawValue)], factory: factory))
            })
        oldestWaiting = Gauge(label: Name.oldestWaiting, factory: factory)
        sessions = Gauge(label: Name.sessions, factory: factory)
    }

    /// Metrics that go nowhere, for tests of other things.
    public static let discarding = SteadymailMetrics(factory: NOOPMetricsHandler.instance)

    /// A front door accepted a message for the outbound queue: it is durable and was acknowledged. Mail only for the
    /// local domains (canaries, later bounces and unsubscribes) is Steadymail talking to itself and is not counted.
    func accepted(_ interface: IntakeInterface) {
        acceptedCounters[interface]?.increment()
    }

    /// A recipient reached a final state; other states are not counted here.
    func finished(_ state: RecipientState) {
        finalCounters[state]?.increment()
    }

    /// One recipient's outcome of a delivery run, once recorded: a final state (a delivery also records its latency
    /// from acceptance), or a deferral that a relay answered. Postponements without a relay are no relay's deferral.
    func settled(_ kind: DeliveryOutcomeKind, relay: String?, receivedAt: Date, at now: Date) {
        switch kind {
        case .sent:
            finished(.delivered)
            latency.record(max(0, now.timeIntervalSince(receivedAt)))
        case .bounced:
            finished(.bounced)
        case .expired:
            finished(.expired)
        case .deferred:
            if let relay { counter(Name.deferrals, relay: relay).increment() }
        case .requeued:
            break
        }
    }

    /// The feedback processor stored a new bounce, complaint or unsubscribe.
    func feedback(kind: FeedbackKind, source: FeedbackSource) {
        Counter(
            label: Name.feedback, dimensions: [("kind", kind.rawValue), ("source", source.rawValue)], factory: factory
        ).increment()
    }

    /// A transaction moved off a relay: the relay failed, throttled, could not carry the message, or sent recipients
    /// elsewhere; the recipients left try the next relay.
    func failedOver(relay: String) {
        counter(Name.failovers, relay: relay).increment()
    }

    /// Sets the gauges from values read at scrape time. Every relay in the snapshot gets all of its series (counters
    /// at zero until something happens); the circuit series of relays gone since the last scrape (a reload removed
    /// them) are dropped, and so is the webhook backlog while the snapshot has none.
    func refresh(_ snapshot: MetricsSnapshot) {
        for (state, gauge) in queueGauges { gauge.record(snapshot.queue[state] ?? 0) }
        oldestWaiting.record(snapshot.oldestWaitingSeconds)
        sessions.record(snapshot.smtpSessions)
        for (relay, current) in snapshot.relayStates {
            _ = counter(Name.deferrals, relay: relay)
            _ = counter(Name.failovers, relay: relay)
            for state in Self.circuitStates { circuitGauge(relay, state).record(state == current ? 1 : 0) }
        }
        let present = Set(snapshot.relayStates.keys)
        let (gone, backlogWasExported) = exported.withLock { exported in
            defer { exported = (present, snapshot.webhookBacklog != nil) }
            return (exported.relays.subtracting(present), exported.webhookBacklog)
        }
        for relay in gone {
            for state in Self.circuitStates { circuitGauge(relay, state).destroy() }
        }
        if let pending = snapshot.webhookBacklog {
            Gauge(label: Name.webhookBacklog, factory: factory).record(pending)
        } else if backlogWasExported {
            Gauge(label: Name.webhookBacklog, factory: factory).destroy()
        }
    }

    private func counter(_ name: String, relay: String) -> Counter {
        Counter(label: name, dimensions: [("relay", relay)], factory: factory)
    }

    private func circuitGauge(_ relay: String, _ state: String) -> Gauge {
        Gauge(label: Name.circuit, dimensions: [("relay", relay), ("state", state)], factory: factory)
    }
}
