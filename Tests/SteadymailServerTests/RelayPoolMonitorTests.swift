import Foundation
import Logging
import NIOPosix
import SteadymailConfig
import SteadymailDomain
import SteadymailSMTP
import Testing

@testable import SteadymailServer

/// Monitors and delivery failures feed one health state per relay: the pool's breaker.
@Suite struct RelayPoolMonitorTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private func pool() throws -> RelayPool {
        let yaml = "relays:\n  - {name: a, host: 127.0.0.1, port: 2525, tls: none}\n"
        let relay = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).relays[0]
        let endpoint = RelayEndpoint(
            name: "a", host: "127.0.0.1", port: 2525, implicitTLS: false, tlsContext: nil,
            client: SMTPClientConfiguration(heloName: "test.example"))
        return RelayPool(
            relays: [(relay, endpoint)], routes: RouteTable(),
            breaker: CircuitBreaker(configuration: .init(threshold: 2, cooldownInitial: .seconds(60))),
            pace: AdaptivePace.Configuration(), idleLimit: .seconds(30), group: MultiThreadedEventLoopGroup.singleton,
            wake: WakeSignal(), logger: Logger(label: "test"))
    }

    private func choose(_ pool: RelayPool, at time: Date) async -> RelayChoice {
        await pool.choose(priority: .transactional, senderDomain: "example.com", apiKey: nil, excluding: [], now: time)
    }

    @Test func aMonitorDownTakesTheRelayOutBeforeAnyDeliveryFails() async throws {
        let relays = try pool()
        await relays.setMonitorVerdict("relay:a", relay: "a", down: true, reason: "connection refused", now: start)
        #expect(await relays.snapshot(now: start)[0].state == "down")
        #expect(await relays.anyAvailable(now: at(3600)) == false)
        #expect(await choose(relays, at: at(3600)) == .noneAvailable)
    }

    @Test func theRelayReturnsOnlyWhenEveryMonitorOfItIsUp() async throws {
        let relays = try pool()
        await relays.setMonitorVerdict("relay:a", relay: "a", down: true, reason: "refused", now: start)
        await relays.setMonitorVerdict("canary-a", relay: "a", down: true, reason: "lost", now: at(1))
        await relays.setMonitorVerdict("relay:a", relay: "a", down: false, reason: "ok", now: at(2))
        #expect(await relays.snapshot(now: at(2))[0].state == "down")
        await relays.setMonitorVerdict("canary-a", relay: "a", down: false, reason: "ok", now: at(3))
        let back = await relays.snapshot(now: at(3))[0]
        #expect(back.state == "closed" && back.pace == "ramping")
        #expect(await choose(relays, at: at(3)) == .relay("a"))
    }

    @Test func aProbeSuccessLetsATrialThroughACircuitDeliveryOpened() async throws {
        let relays = try pool()
        await relays.recordRelayFailure("a", error: "refused", now: start)
        await relays.recordRelayFailure("a", error: "refused", now: start)
        #expect(await relays.anyAvailable(now: at(1)) == false)
        await relays.setMonitorVerdict("relay:a", relay: "a", down: false, reason: "ok", now: at(1))
        #expect(await relays.snapshot(now: at(1))[0].state == "half-open")
        #expect(await choose(relays, at: at(1)) == .relay("a"))
    }

    @Test func everyStateChangeIsPublishedWithItsCause() async throws {
        let relays = try pool()
        await relays.recordRelayFailure("a", error: "refused", now: start)
        await relays.recordRelayFailure("a", error: "refused", now: start)
        await relays.setMonitorVerdict("relay:a", relay: "a", down: true, reason: "no greeting", now: at(1))
        var changes = relays.stateChanges.makeAsyncIterator()
        let opened = await changes.next()
        let down = await changes.next()
        #expect(opened == RelayStateChange(relay: "a", from: "closed", to: "open", at: start, cause: "refused"))
        #expect(down?.to == "down" && down?.cause == "monitor relay:a: no greeting")
    }
}
