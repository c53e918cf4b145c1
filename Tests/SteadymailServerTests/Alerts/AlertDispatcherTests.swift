import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import SteadymailDomain
import Testing

@testable import SteadymailServer

@Suite struct AlertDispatcherTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func poster() throws -> AlertHTTPPoster {
        AlertHTTPPoster(
            client: WebhookHTTPClient(
                group: MultiThreadedEventLoopGroup.singleton,
                tlsContext: try NIOSSLContext(configuration: .makeClientConfiguration())))
    }

    private func webhook(_ url: String, secret: String? = "s3cret", name: String = "hook") throws
        -> WebhookAlertChannel
    {
        guard case .success(let parsed) = WebhookURL.parse(url) else { throw AlertDeliveryError("bad url \(url)") }
        return WebhookAlertChannel(name: name, url: parsed, secret: secret, poster: try poster())
    }

    private func dispatcher(
        _ channels: [any AlertChannel], repeatInterval: Duration = .seconds(3600), retryDelay: Duration = .zero
    ) -> AlertDispatcher {
        AlertDispatcher(
            channels: channels, repeatInterval: repeatInterval, timeout: .seconds(10), retryDelay: retryDelay,
            logger: Logger(label: "test"))
    }

    private func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func aWebhookAlertIsSignedLikeAWebhookAndItsRecoveryFollows() async throws {
        let server = try await HTTPCaptureServer.start()
        defer { Task { await server.stop() } }
        let alerts = dispatcher([try webhook(server.url("/alerts"))])
        let running = Task { try await alerts.run() }
        defer { running.cancel() }

        #expect(alerts.fire(.monitorDown("relay:primary", cause: "connection refused", at: start)))
        #expect(!alerts.fire(.monitorDown("relay:primary", cause: "connection refused", at: start)), "deduplicated")
        #expect(alerts.recover(.monitorUp("relay:primary", message: "220 in 3 ms", at: start + 90)))
        let requests = await server.waitFor(2)
        try #require(requests.count == 2)

        let down = requests[0]
        #expect(down.method == "POST" && down.path == "/alerts")
        #expect(down.headers["content-type"] == "application/json")
        let timestamp = try #require(down.headers["x-steadymail-timestamp"].flatMap { Int64($0) })
        #expect(abs(Double(timestamp) - Date().timeIntervalSince1970) < 30)
        #expect(
            down.headers["x-steadymail-signature"]
                == WebhookSignature.header(secret: "s3cret", timestamp: timestamp, body: down.body))
        #expect(
            down.headers["x-steadymail-signature"]
                != WebhookSignature.header(secret: "other", timestamp: timestamp, body: down.body))
        let downBody = try json(down.body)
        #expect(downBody["type"] as? String == "alert")
        let downAlert = try #require(downBody["alert"] as? [String: Any])
        #expect(downAlert["kind"] as? String == "monitor_down")
        #expect(downAlert["key"] as? String == "monitor:relay:primary")
        #expect(downAlert["subject"] as? String == "relay:primary")
        #expect(downAlert["severity"] as? String == "critical")
        #expect(downAlert["summary"] as? String == "monitor relay:primary is down: connection refused")
        #expect(downAlert["details"] as? String == "connection refused")
        #expect(downAlert["time"] as? String == InternetDate.rfc3339(start))
        #expect(downAlert["recovery"] as? Bool == false)

        let upAlert = try #require(try json(requests[1].body)["alert"] as? [String: Any])
        #expect(upAlert["kind"] as? String == "monitor_up")
        #expect(upAlert["recovery"] as? Bool == true)
        #expect(upAlert["severity"] as? String == "info")
        #expect(upAlert["since"] as? String == InternetDate.rfc3339(start))
        #expect(upAlert["time"] as? String == InternetDate.rfc3339(start + 90))
    }

    @Test func aSlackChannelGetsOneReadableLineAndTheDetails() async throws {
        let server = try await HTTPCaptureServer.start()
        defer { Task { await server.stop() } }
        guard case .success(let url) = WebhookURL.parse(server.url("/slack")) else { throw AlertDeliveryError("url") }
        let slack = SlackAlertChannel(name: "chat", url: url, poster: try poster())
        try await slack.deliver(.circuitOpen("primary", cause: "421 too busy", at: start), timeout: .seconds(10))
        let request = try #require(await server.waitFor(1).first)
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["x-steadymail-signature"] == nil)
        let body = try json(request.body)
        #expect(body.keys.sorted() == ["text"])
        let lines = try #require(body["text"] as? String).components(separatedBy: "\n")
        #expect(lines.first == "[steadymail] critical: relay primary is out of rotation (circuit open)")
        #expect(lines.dropFirst().first == "421 too busy")
    }

    @Test func aFailedAttemptIsRetriedAndStopsAtTheFirstSuccess() async throws {
        let server = try await HTTPCaptureServer.start { $0 < 2 ? 500 : 204 }
        defer { Task { await server.stop() } }
        let channel = try webhook(server.url("/alerts"))
        await dispatcher([channel]).deliver(.circuitClosed("primary", at: start), to: channel)
        #expect(server.received.count == 3)
        try await Task.sleep(for: .milliseconds(100))
        #expect(server.received.count == 3, "nothing after the success")
    }

    @Test func aChannelThatKeepsFailingIsGivenUpAfterThreeAttempts() async throws {
        let server = try await HTTPCaptureServer.start { _ in 503 }
        defer { Task { await server.stop() } }
        let channel = try webhook(server.url("/alerts"))
        await dispatcher([channel]).deliver(.circuitClosed("primary", at: start), to: channel)
        #expect(server.received.count == AlertDispatcher.attempts)
    }

    @Test func aDeadChannelDelaysNoOtherChannel() async throws {
        let server = try await HTTPCaptureServer.start()
        defer { Task { await server.stop() } }
        let alerts = dispatcher(
            [try webhook("http://127.0.0.1:1/alerts", name: "dead"), try webhook(server.url("/alerts"))],
            retryDelay: .seconds(30))
        let running = Task { try await alerts.run() }
        defer { running.cancel() }
        let clock = ContinuousClock()
        let began = clock.now
        alerts.fire(.monitorDown("relay:primary", cause: "refused", at: start))
        #expect(await server.waitFor(1, timeout: .seconds(20)).count == 1)
        #expect(clock.now - began < .seconds(20), "not after the dead channel's retries")
    }

    @Test func aLastingConditionIsRepeatedByTheTimer() async throws {
        let server = try await HTTPCaptureServer.start()
        defer { Task { await server.stop() } }
        let alerts = dispatcher([try webhook(server.url("/alerts"))], repeatInterval: .milliseconds(300))
        let running = Task { try await alerts.run() }
        defer { running.cancel() }
        alerts.fire(.monitorDown("relay:primary", cause: "refused", at: Date()))
        let requests = await server.waitFor(2, timeout: .seconds(15))
        try #require(requests.count >= 2)
        let first = try #require(try json(requests[0].body)["alert"] as? [String: Any])
        let second = try #require(try json(requests[1].body)["alert"] as? [String: Any])
        #expect(second["kind"] as? String == "monitor_down")
        #expect(second["since"] as? String == first["time"] as? String, "a repeat says when the condition began")
    }

    @Test func relayStateChangesBecomeCircuitAlerts() {
        func change(_ from: String, _ to: String) -> RelayStateChange {
            RelayStateChange(relay: "primary", from: from, to: to, at: start, cause: "421 busy")
        }
        #expect(change("closed", "open").alert?.kind == .circuitOpen)
        #expect(change("closed", "open").alert?.details == "421 busy")
        #expect(change("closed", "down").alert == nil)
        #expect(change("open", "half-open").alert == nil)
        #expect(change("half-open", "closed").alert?.kind == .circuitClosed)
        #expect(change("half-open", "closed").alert?.key == "circuit:primary")
    }
}
