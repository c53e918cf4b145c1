import Foundation
import Logging
import SteadymailDomain
import Synchronization
import SteadymailConfig
import Testing

@testable import SteadymailServer

/// Records what reaches the consumer a canary consumer wraps.
final class RecordingLocalMailConsumer: LocalMailConsumer {
    let calls = Mutex<[[String]]>([])

    func consume(id: QueueID, sender: String, recipients: [String], content: [UInt8]) async {
        calls.withLock { $0.append(recipients) }
    }
}

@Suite struct CanaryMailConsumerTests {
    let token = "0123456789abcdef0123456789abcdef"
    let id = QueueID("00000000000000000001")!

    private func content(token: String?) -> [UInt8] {
        let header = token.map { "X-Steadymail-Canary: \($0)\r\n" } ?? ""
        return Array("From: canary@mx.example.com\r\n\(header)Subject: test\r\n\r\nbody\r\n".utf8)
    }

    @Test func aCanaryReachesTheMailboxAndOtherLocalMailTheWrappedConsumer() async {
        let box = CanaryMailbox(logger: Logger(label: "test"))
        let next = RecordingLocalMailConsumer()
        let consumer = CanaryMailConsumer(
            mailbox: box, canaryDomain: "Canary.Example.com", next: next, logger: Logger(label: "test"))
        #expect(await box.register(token, until: Date() + 60))
        await consumer.consume(
            id: id, sender: "canary@mx.example.com", recipients: ["probe@canary.example.COM", "postmaster@local.test"],
            content: content(token: token))
        let arrived = await box.arrival(of: token)
        #expect(arrived != nil)
        #expect(next.calls.withLock { $0 } == [["postmaster@local.test"]])
    }

    @Test func canaryDomainMailWithoutAKnownTokenIsDroppedAndNotPassedOn() async {
        let box = CanaryMailbox(logger: Logger(label: "test"))
        let next = RecordingLocalMailConsumer()
        let consumer = CanaryMailConsumer(
            mailbox: box, canaryDomain: "canary.example.com", next: next, logger: Logger(label: "test"))
        #expect(await box.register(token, until: Date() + 0.2))
        await consumer.consume(
            id: id, sender: "x@y", recipients: ["probe@canary.example.com"], content: content(token: nil))
        await consumer.consume(
            id: id, sender: "x@y", recipients: ["probe@canary.example.com"],
            content: content(token: String(repeating: "f", count: 32)))
        #expect(await box.arrival(of: token) == nil)
        #expect(next.calls.withLock { $0 }.isEmpty)
    }
}

@Suite struct CanaryAssemblyTests {
    @Test func theLocalConsumerIsWrappedOnlyWithACanaryDomain() {
        let logger = Logger(label: "test")
        let box = CanaryMailbox(logger: logger)
        let next = RecordingLocalMailConsumer()
        let without = CanaryAssembly.localMail(MonitoringConfiguration(), mailbox: box, next: next, logger: logger)
        #expect(without is RecordingLocalMailConsumer)
        let with = CanaryAssembly.localMail(
            MonitoringConfiguration(canaryDomain: "canary.example.com"), mailbox: box, next: next, logger: logger)
        #expect((with as? CanaryMailConsumer)?.canaryDomain == "canary.example.com")
    }
}
