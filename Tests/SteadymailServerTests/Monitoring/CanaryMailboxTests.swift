import Foundation
import Logging
import Testing

@testable import SteadymailServer

@Suite struct CanaryMailboxTests {
    let token = String(repeating: "a", count: 32)
    let other = String(repeating: "b", count: 32)

    private func mailbox(limit: Int = 8) -> CanaryMailbox {
        CanaryMailbox(limit: limit, logger: Logger(label: "test"))
    }

    @Test func anArrivalWhileTheProbeWaitsResumesIt() async throws {
        let box = mailbox()
        #expect(await box.register(token, until: Date() + 60))
        let arrivedAt = Date() + 0.1
        let deliverer = Task {
            try await Task.sleep(for: .milliseconds(50))
            return await box.deliver(token, at: arrivedAt)
        }
        #expect(await box.arrival(of: token) == arrivedAt)
        #expect(try await deliverer.value)
        #expect(await box.outstanding == 0)
    }

    @Test func anArrivalBeforeTheProbeWaitsIsKeptForIt() async {
        let box = mailbox()
        #expect(await box.register(token, until: Date() + 60))
        let arrivedAt = Date()
        #expect(await box.deliver(token, at: arrivedAt))
        #expect(await box.arrival(of: token) == arrivedAt)
        #expect(await box.arrival(of: token) == nil, "collected once")
    }

    @Test func noArrivalByTheDeadlineIsNil() async {
        let box = mailbox()
        #expect(await box.register(token, until: Date() + 0.15))
        let clock = ContinuousClock()
        let began = clock.now
        #expect(await box.arrival(of: token) == nil)
        #expect(clock.now - began < .seconds(10), "the deadline ends the wait")
        #expect(await box.outstanding == 0)
    }

    @Test func aLateArrivalIsDropped() async throws {
        let box = mailbox()
        #expect(await box.register(token, until: Date() + 0.05))
        try await Task.sleep(for: .milliseconds(200))
        #expect(await !box.deliver(token, at: Date()))
        #expect(await box.arrival(of: token) == nil)
    }

    @Test func anArrivalStampedAfterTheDeadlineIsDroppedEvenBeforeTheTimerRuns() async {
        let box = mailbox()
        let deadline = Date() + 5
        #expect(await box.register(token, until: deadline))
        #expect(await !box.deliver(token, at: deadline + 1))
        #expect(await box.outstanding == 0)
    }

    @Test func anUnknownTokenIsDropped() async {
        let box = mailbox()
        #expect(await box.register(token, until: Date() + 60))
        #expect(await !box.deliver(other, at: Date()))
        #expect(await box.outstanding == 1, "the expected token still waits")
    }

    @Test func outstandingTokensAreBounded() async {
        let box = mailbox(limit: 2)
        #expect(await box.register(token, until: Date() + 60))
        #expect(await !box.register(token, until: Date() + 60), "a token is registered once")
        #expect(await box.register(other, until: Date() + 60))
        let third = String(repeating: "c", count: 32)
        #expect(await !box.register(third, until: Date() + 60))
        await box.withdraw(token)
        #expect(await box.register(third, until: Date() + 60))
    }

    @Test func aWithdrawnTokenResumesItsWaiterWithNothing() async throws {
        let box = mailbox()
        #expect(await box.register(token, until: Date() + 60))
        let waiter = Task { await box.arrival(of: token) }
        try await Task.sleep(for: .milliseconds(50))
        await box.withdraw(token)
        #expect(await waiter.value == nil)
    }
}
