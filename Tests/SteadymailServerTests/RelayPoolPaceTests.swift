import Foundation
import Logging
import NIOPosix
import SteadymailConfig
import SteadymailDomain
import SteadymailSMTP
import Testing

@testable import SteadymailServer

@Suite struct RelayPoolPaceTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private func pool(maxConnections: Int = 10, rate: Double? = nil) throws -> RelayPool {
        let rateText = rate.map { "\($0)" } ?? "null"
        let yaml =
            "relays:\n  - {name: a, host: 127.0.0.1, port: 2525, tls: none, max_connections: \(maxConnections), rate: \(rateText)}\n"
        let relay = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).relays[0]
        let endpoint = RelayEndpoint(
            name: "a", host: "127.0.0.1", port: 2525, implicitTLS: false, tlsContext: nil,
            client: SMTPClientConfiguration(heloName: "test.example"))
        return RelayPool(
            relays: [(relay, endpoint)], routes: RouteTable(),
            breaker: CircuitBreaker(configuration: .init(threshold: 1, cooldownInitial: .seconds(1))),
            pace: AdaptivePace.Configuration(
                interval: .seconds(2), initialConnections: 1, initialRate: 2, fullRate: 16, minimumRate: 0.5),
            idleLimit: .seconds(30), group: MultiThreadedEventLoopGroup.singleton, wake: WakeSignal(),
            logger: Logger(label: "test"))
    }

    private func choose(_ pool: RelayPool, at time: Date) async -> RelayChoice {
        await pool.choose(priority: .transactional, senderDomain: "example.com", apiKey: nil, excluding: [], now: time)
    }

    private func view(_ pool: RelayPool, at time: Date) async -> RelayView {
        await pool.snapshot(now: time)[0]
    }

    @Test func aRelayThatWasNeverDownStartsSteady() async throws {
        let relay = await view(try pool(), at: start)
        #expect(relay.pace == "steady" && relay.connectionLimit == 10 && relay.rateLimit == nil)
    }

    @Test func aRelayWhoseBreakerClosesAgainRampsUp() async throws {
        let relays = try pool()
        await relays.recordRelayFailure("a", error: "connection refused", now: start)
        #expect(await view(relays, at: start).state == "open")
        #expect(await choose(relays, at: at(1)) == .relay("a"))
        await relays.checkin("a", connection: nil, sent: 0, reusable: false, startedAt: at(1), now: at(1.1))
        await relays.recordSuccess("a", now: at(1.1))
        let ramping = await view(relays, at: at(1.1))
        #expect(ramping.state == "closed" && ramping.pace == "ramping")
        #expect(ramping.connectionLimit == 1 && ramping.rateLimit == 2)
        await relays.recordSuccess("a", now: at(3.1))
        let grown = await view(relays, at: at(3.1))
        #expect(grown.connectionLimit == 2 && grown.rateLimit == 4)
    }

    @Test func whileRampingTheConnectionLimitMakesTheRelayBusy() async throws {
        let relays = try pool()
        await relays.beginRecovery("a", now: start, because: "test")
        #expect(await choose(relays, at: start) == .relay("a"))
        #expect(await choose(relays, at: at(0.6)) == .wait, "a second transaction beyond the ramp's one connection")
        await relays.checkin("a", connection: nil, sent: 0, reusable: false, startedAt: start, now: at(0.6))
        #expect(await choose(relays, at: at(0.6)) == .relay("a"))
    }

    @Test func aThrottleCutsThePaceWithoutTouchingTheBreaker() async throws {
        let relays = try pool(maxConnections: 8, rate: 10)
        for _ in 0..<3 {
            await relays.recordThrottle("a", reply: "421 4.7.0 rate limited (at mail)", startedAt: start, now: at(0.1))
        }
        let relay = await view(relays, at: at(0.1))
        #expect(relay.state == "closed" && relay.failures == 0)
        #expect(relay.pace == "throttled" && relay.connectionLimit == 4 && relay.rateLimit == 5)
        #expect(relay.throttles == 3 && relay.lastThrottle == "421 4.7.0 rate limited (at mail)")
        let first = await relays.retryTime("a", now: at(0.1), minimumDelay: 1)
        let second = await relays.retryTime("a", now: at(0.1), minimumDelay: 1)
        #expect(first == at(1.1) && second > first)
    }

    @Test func resumingAPausedRelayRampsItUp() async throws {
        let relays = try pool()
        _ = await relays.setPaused("a", paused: true, now: start)
        #expect(await view(relays, at: start).pace == "steady")
        _ = await relays.setPaused("a", paused: false, now: at(1))
        let relay = await view(relays, at: at(1))
        #expect(relay.state == "closed" && relay.pace == "ramping" && relay.connectionLimit == 1)
    }
}

extension RelayPoolPaceTests {
    @Test func aReloadKeepsARampWithinTheNewMaxima() async throws {
        let relays = try pool()
        await relays.beginRecovery("a", now: start, because: "test")
        await relays.recordSuccess("a", now: at(2))
        let yaml = "relays:\n  - {name: a, host: 127.0.0.1, port: 2525, tls: none, max_connections: 2, rate: 50}\n"
        let relay = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).relays[0]
        let endpoint = RelayEndpoint(
            name: "a", host: "127.0.0.1", port: 2525, implicitTLS: false, tlsContext: nil,
            client: SMTPClientConfiguration(heloName: "test.example"))
        await relays.reconfigure(
            relays: [(relay, endpoint)], routes: RouteTable(), breaker: .init(threshold: 1),
            pace: AdaptivePace.Configuration(
                interval: .seconds(2), initialConnections: 1, initialRate: 2, fullRate: 16),
            idleLimit: .seconds(30), now: at(2))
        let view = await relays.snapshot(now: at(2))[0]
        #expect(view.pace == "ramping" && view.connectionLimit == 2 && view.rateLimit == 4)
    }
}
