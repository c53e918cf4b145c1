import Foundation
import Logging
import NIOPosix
import SteadymailConfig
import SteadymailDomain
import SteadymailSMTP
import Testing

@testable import SteadymailServer

/// A maintenance window drains a relay apart from an operator's pause, and lets only transactional mail with nowhere
/// else to go through it.
@Suite struct RelayPoolMaintenanceTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func pool(_ names: [String]) throws -> RelayPool {
        let yaml =
            "relays:\n" + names.map { "  - {name: \($0), host: 127.0.0.1, port: 2525, tls: none}\n" }.joined()
        let relays = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).relays.map { relay in
            (
                relay,
                RelayEndpoint(
                    name: relay.name, host: "127.0.0.1", port: 2525, implicitTLS: false, tlsContext: nil,
                    client: SMTPClientConfiguration(heloName: "test.example"))
            )
        }
        return RelayPool(
            relays: relays, routes: RouteTable(),
            breaker: CircuitBreaker(configuration: .init(threshold: 2, cooldownInitial: .seconds(60))),
            pace: AdaptivePace.Configuration(), idleLimit: .seconds(30), group: MultiThreadedEventLoopGroup.singleton,
            wake: WakeSignal(), logger: Logger(label: "test"))
    }

    /// One choice; a chosen relay's slot is given back at once.
    private func choose(_ pool: RelayPool, _ priority: Priority) async -> RelayChoice {
        let choice = await pool.choose(
            priority: priority, senderDomain: "example.com", apiKey: nil, excluding: [], now: start)
        if case .relay(let name) = choice {
            await pool.checkin(name, connection: nil, sent: 0, reusable: false, startedAt: start, now: start)
        }
        return choice
    }

    @Test func trafficFailsOverToTheOtherRelay() async throws {
        let relays = try pool(["a", "b"])
        await relays.setMaintenance("a", active: true, now: start)
        #expect(await relays.snapshot(now: start).map(\.state) == ["maintenance", "closed"])
        for priority in Priority.allCases {
            for _ in 0..<20 { #expect(await choose(relays, priority) == .relay("b")) }
        }
    }

    @Test func onlyTransactionalMailUsesAnOnlyRelayInMaintenance() async throws {
        let relays = try pool(["a"])
        await relays.setMaintenance("a", active: true, now: start)
        #expect(await relays.anyAvailable(now: start))
        #expect(await choose(relays, .bulk) == .noneAvailable)
        #expect(await choose(relays, .timeCritical) == .noneAvailable)
        #expect(await choose(relays, .transactional) == .relay("a"))
    }

    @Test func theEndOfAWindowRampsAndNeverUndoesAPause() async throws {
        let relays = try pool(["a"])
        _ = await relays.setPaused("a", paused: true, now: start)
        await relays.setMaintenance("a", active: true, now: start)
        await relays.setMaintenance("a", active: false, now: start)
        #expect(await relays.snapshot(now: start)[0].state == "paused")
        #expect(await choose(relays, .transactional) == .noneAvailable)

        await relays.setMaintenance("a", active: true, now: start)
        _ = await relays.setPaused("a", paused: false, now: start)
        #expect(await relays.snapshot(now: start)[0].state == "maintenance")
        #expect(await choose(relays, .bulk) == .noneAvailable)

        await relays.setMaintenance("a", active: false, now: start)
        let back = await relays.snapshot(now: start)[0]
        #expect(back.state == "closed" && back.pace == "ramping")
        #expect(await relays.relaysInMaintenance.isEmpty)
    }
}
