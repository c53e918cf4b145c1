import Foundation
import Logging
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

/// Each test records into a Prometheus registry of its own (never the process-wide `MetricsSystem`) and reads the
/// rendered text back, so that the names, labels and values checked are the ones a scraper sees.
@Suite struct SteadymailMetricsTests {
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static func snapshot(
        relays: [String: String] = [:], webhookBacklog: Int? = nil
    ) -> MetricsSnapshot {
        MetricsSnapshot(
            queue: [.queued: 4, .deferred: 2, .delivered: 9], oldestWaitingSeconds: 42, smtpSessions: 3,
            relayStates: relays, webhookBacklog: webhookBacklog)
    }

    @Test func countersCarryTheirNamesAndLabels() {
        let export = PrometheusExport()
        let metrics = export.makeMetrics()
        metrics.accepted(.smtp)
        metrics.accepted(.smtp)
        metrics.accepted(.control)
        metrics.settled(.sent, relay: "a", receivedAt: Self.t0, at: Self.t0 + 3)
        metrics.settled(.bounced, relay: "a", receivedAt: Self.t0, at: Self.t0 + 1)
        metrics.settled(.deferred, relay: "a", receivedAt: Self.t0, at: Self.t0 + 1)
        metrics.settled(.deferred, relay: nil, receivedAt: Self.t0, at: Self.t0 + 1)
        metrics.settled(.requeued, relay: "b", receivedAt: Self.t0, at: Self.t0 + 1)
        metrics.finished(.expired)
        metrics.failedOver(relay: "b")
        metrics.refresh(Self.snapshot(relays: ["a": "closed", "b": "open"]))
        let text = PrometheusText(export.render())

        #expect(
            text.series(named: "steadymail_messages_accepted_total") == [
                #"steadymail_messages_accepted_total{interface="smtp"}"#: 2,
                #"steadymail_messages_accepted_total{interface="submissions"}"#: 0,
                #"steadymail_messages_accepted_total{interface="api"}"#: 0,
                #"steadymail_messages_accepted_total{interface="control"}"#: 1,
                #"steadymail_messages_accepted_total{interface="alerts"}"#: 0,
            ])
        #expect(
            text.series(named: "steadymail_recipients_final_total") == [
                #"steadymail_recipients_final_total{state="delivered"}"#: 1,
                #"steadymail_recipients_final_total{state="bounced"}"#: 1,
                #"steadymail_recipients_final_total{state="expired"}"#: 1,
            ])
        #expect(
            text.series(named: "steadymail_deferrals_total") == [
                #"steadymail_deferrals_total{relay="a"}"#: 1, #"steadymail_deferrals_total{relay="b"}"#: 0,
            ], "a postponement without a relay and a requeue are no relay's deferral")
        #expect(
            text.series(named: "steadymail_failovers_total") == [
                #"steadymail_failovers_total{relay="a"}"#: 0, #"steadymail_failovers_total{relay="b"}"#: 1,
            ])
        #expect(text.types["steadymail_messages_accepted_total"] == "counter")
        #expect(text.types["steadymail_recipients_final_total"] == "counter")
        #expect(text.types["steadymail_deferrals_total"] == "counter")
        #expect(text.types["steadymail_failovers_total"] == "counter")
    }

    @Test func latencyIsAHistogramFromATenthOfASecondToADay() {
        let export = PrometheusExport()
        let metrics = export.makeMetrics()
        metrics.settled(.sent, relay: "a", receivedAt: Self.t0, at: Self.t0 + 3)
        metrics.settled(.sent, relay: "a", receivedAt: Self.t0, at: Self.t0 + 7200)
        metrics.settled(.bounced, relay: "a", receivedAt: Self.t0, at: Self.t0 + 1)
        let text = PrometheusText(export.render())

        #expect(text.types["steadymail_delivery_latency_seconds"] == "histogram")
        #expect(text["steadymail_delivery_latency_seconds_count"] == 2, "only deliveries are timed")
        #expect(text["steadymail_delivery_latency_seconds_sum"] == 7203)
        var buckets: [Double: Double] = [:]
        for (series, count) in text.series(named: "steadymail_delivery_latency_seconds_bucket") {
            let bound = series.split(separator: "\"")[1]
            buckets[bound == "+Inf" ? .infinity : Double(bound)!] = count
        }
        #expect(buckets.keys.filter(\.isFinite).min() == 0.1)
        #expect(buckets.keys.filter(\.isFinite).max() == 86_400)
        #expect(buckets[2.5] == 0)
        #expect(buckets[5] == 1)
        #expect(buckets[3600] == 1)
        #expect(buckets[7200] == 2)
        #expect(buckets[.infinity] == 2)
    }

    @Test func gaugesShowTheSnapshot() {
        let export = PrometheusExport()
        let metrics = export.makeMetrics()
        metrics.refresh(Self.snapshot(relays: ["a": "half-open", "b": "paused"]))
        let text = PrometheusText(export.render())

        #expect(text[#"steadymail_queue_recipients{state="queued"}"#] == 4)
        #expect(text[#"steadymail_queue_recipients{state="deferred"}"#] == 2)
        #expect(text[#"steadymail_queue_recipients{state="delivered"}"#] == 9)
        #expect(text[#"steadymail_queue_recipients{state="in_flight"}"#] == 0, "a state without recipients shows 0")
        #expect(text.series(named: "steadymail_queue_recipients").count == RecipientState.allCases.count)
        #expect(text["steadymail_queue_oldest_waiting_seconds"] == 42)
        #expect(text["steadymail_smtp_sessions"] == 3)
        #expect(
            text.series(named: "steadymail_relay_circuit_state") == [
                #"steadymail_relay_circuit_state{relay="a",state="closed"}"#: 0,
                #"steadymail_relay_circuit_state{relay="a",state="down"}"#: 0,
                #"steadymail_relay_circuit_state{relay="a",state="half-open"}"#: 1,
                #"steadymail_relay_circuit_state{relay="a",state="maintenance"}"#: 0,
                #"steadymail_relay_circuit_state{relay="a",state="open"}"#: 0,
                #"steadymail_relay_circuit_state{relay="a",state="paused"}"#: 0,
                #"steadymail_relay_circuit_state{relay="b",state="closed"}"#: 0,
                #"steadymail_relay_circuit_state{relay="b",state="down"}"#: 0,
                #"steadymail_relay_circuit_state{relay="b",state="half-open"}"#: 0,
                #"steadymail_relay_circuit_state{relay="b",state="maintenance"}"#: 0,
                #"steadymail_relay_circuit_state{relay="b",state="open"}"#: 0,
                #"steadymail_relay_circuit_state{relay="b",state="paused"}"#: 1,
            ])
        #expect(text.types["steadymail_queue_recipients"] == "gauge")
        #expect(text.types["steadymail_relay_circuit_state"] == "gauge")
    }

    @Test func aRelayRemovedByAReloadLosesItsCircuitSeries() {
        let export = PrometheusExport()
        let metrics = export.makeMetrics()
        metrics.refresh(Self.snapshot(relays: ["a": "closed", "b": "open"]))
        metrics.refresh(Self.snapshot(relays: ["a": "open"]))
        let text = PrometheusText(export.render())

        #expect(text[#"steadymail_relay_circuit_state{relay="a",state="open"}"#] == 1)
        #expect(text.series(named: "steadymail_relay_circuit_state").keys.allSatisfy { $0.contains(#"relay="a""#) })
    }

    @Test func theWebhookBacklogIsExportedOnlyWhileTheOutboxReportsIt() {
        let export = PrometheusExport()
        let metrics = export.makeMetrics()
        metrics.refresh(Self.snapshot(webhookBacklog: nil))
        #expect(PrometheusText(export.render())["steadymail_webhook_backlog"] == nil)
        metrics.refresh(Self.snapshot(webhookBacklog: 7))
        #expect(PrometheusText(export.render())["steadymail_webhook_backlog"] == 7)
        metrics.refresh(Self.snapshot(webhookBacklog: nil))
        #expect(PrometheusText(export.render())["steadymail_webhook_backlog"] == nil)
    }

    @Test func twoExportsDoNotShareSeries() {
        let first = PrometheusExport()
        let second = PrometheusExport()
        first.makeMetrics().accepted(.api)
        #expect(PrometheusText(first.render())[#"steadymail_messages_accepted_total{interface="api"}"#] == 1)
        #expect(PrometheusText(second.render())[#"steadymail_messages_accepted_total{interface="api"}"#] == nil)
    }

    @Test func aScrapeReadsTheQueueFromTheStore() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("queue.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        try await store.enqueue([
            NewMessage(
                id: QueueID("00000000000000000001")!, sender: "s@example.org",
                recipients: ["a@example.net", "b@example.net"], priority: .bulk, deliverBy: nil,
                receivedAt: Self.t0, content: Array("Subject: x\r\n\r\nx\r\n".utf8), origin: "test", submitter: nil)
        ])
        let export = PrometheusExport()
        let scrape = MetricsScrape(
            export: export, metrics: export.makeMetrics(),
            sources: MetricsSources(
                store: store, smtpSessions: { 5 }, relays: FixedRelays(states: ["a": "open"]),
                webhookBacklog: WebhookBacklog { 11 }))
        let text = PrometheusText(try await scrape.render(now: Self.t0 + 100))

        #expect(text[#"steadymail_queue_recipients{state="queued"}"#] == 2)
        #expect(text["steadymail_queue_oldest_waiting_seconds"] == 100)
        #expect(text["steadymail_smtp_sessions"] == 5)
        #expect(text[#"steadymail_relay_circuit_state{relay="a",state="open"}"#] == 1)
        #expect(text["steadymail_webhook_backlog"] == 11)

        _ = try await store.claim(now: Self.t0 + 101, limit: 10, owner: "w", leaseUntil: Self.t0 + 200)
        let later = PrometheusText(try await scrape.render(now: Self.t0 + 102))
        #expect(later[#"steadymail_queue_recipients{state="queued"}"#] == 0)
        #expect(later[#"steadymail_queue_recipients{state="in_flight"}"#] == 2)
        #expect(later["steadymail_queue_oldest_waiting_seconds"] == 0, "nothing waits")
    }
}

/// Relays in fixed states, for scrapes without a relay pool.
private struct FixedRelays: RelayControl {
    var states: [String: String]

    func snapshot() async -> [RelayView] {
        states.sorted { $0.key < $1.key }.map { name, state in
            RelayView(
                name: name, state: state, weight: 1, priorityGroup: 0, openConnections: 0, pace: "steady",
                connectionLimit: 1, rateLimit: nil, throttles: 0, lastThrottle: nil, sent: 0, deferred: 0, bounced: 0,
                failures: 0, stateChanges: 0, lastError: nil, lastChange: nil)
        }
    }

    func setPaused(_ name: String, paused: Bool) async -> Bool { false }
}
