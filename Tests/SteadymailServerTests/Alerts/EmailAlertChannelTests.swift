import Foundation
import Logging
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct EmailAlertChannelTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func anAlertEmailIsQueuedAsTransactionalMailToTheOperator() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("alerts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        let logger = Logger(label: "test")
        let export = PrometheusExport()
        let pipeline = IntakePipeline.forTests(store: store, metrics: export.makeMetrics(), logger: logger)
        let channel = EmailAlertChannel(
            name: "ops", pipeline: pipeline, from: try Mailbox(parsing: "steadymail@mx.example.com"),
            to: try Mailbox(parsing: "oncall@example.org"))

        try await channel.deliver(
            .monitorDown("relay:primary", cause: "554 no\r\nSubject: injected", at: start), timeout: .seconds(1))

        let page = try await store.messages(matching: MessageQuery(limit: 10))
        let summary = try #require(page.messages.first)
        #expect(page.messages.count == 1)
        let detail = try #require(try await store.message(summary.id))
        #expect(detail.priority == .transactional, "not the default bulk priority")
        #expect(detail.origin == "alerts")
        #expect(detail.tags == ["steadymail-alert"])
        #expect(detail.sender == "steadymail@mx.example.com")
        #expect(detail.recipients.map(\.recipient) == ["oncall@example.org"])
        let subject = detail.headers.first { $0.name == "Subject" }?.value
        #expect(subject == "[steadymail] monitor relay:primary is down: 554 no Subject: injected")
        let body = String(decoding: try #require(try await store.body(of: summary.id)), as: UTF8.self)
        #expect(body.contains("[steadymail] critical: monitor relay:primary is down"))
        let head = body.components(separatedBy: "\r\n\r\n")[0]
        #expect(
            head.components(separatedBy: "\r\n").filter { $0.hasPrefix("Subject:") }.count == 1,
            "a reply's line break cannot add a header")
        #expect(
            PrometheusText(export.render())[#"steadymail_messages_accepted_total{interface="alerts"}"#] == 1)
    }
}
