import Foundation
import Logging
import NIOPosix
import SteadymailConfig
import SteadymailDomain
import SteadymailSMTP
import SteadymailSQLite
import Testing

@testable import SteadymailServer

@Suite struct ProbeFactoryTests {
    private func factory(
        store: SQLiteQueueStore, outcomes: (any RelayOutcomeSource)? = nil,
        canary: ProbeFactory.CanaryProbeMaker? = nil
    ) throws -> ProbeFactory {
        let context = try TestCertificate.unverifiedClientContext()
        return ProbeFactory(
            dependencies: ProbeDependencies(
                group: MultiThreadedEventLoopGroup.singleton, store: store, dataDir: "/tmp", heloName: "probe.test",
                relays: [
                    "plain": ProbeRelay(host: "127.0.0.1", port: 1, credentials: nil),
                    "login": ProbeRelay(
                        host: "127.0.0.1", port: 1, credentials: SMTPClientCredentials(username: "u", password: "p")),
                ],
                tls: ProbeTLSContexts(verifying: context, unverified: context), relayOutcomes: outcomes,
                failureWindow: .seconds(300)),
            canary: canary)
    }

    private func withStore(_ body: (SQLiteQueueStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("factory-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        try await body(store)
    }

    private func reason(_ probe: any MonitorProbe) async -> String? {
        guard probe is UnusableProbe else { return nil }
        let now = Date()
        return await probe.run(now: now, deadline: now.addingTimeInterval(1)).message
    }

    @Test func everyKindGetsItsProbe() async throws {
        try await withStore { store in
            let factory = try factory(store: store, outcomes: InternalProbeTests.FixedOutcomes(tally: nil)) { _ in
                UnusableProbe(reason: "canary stand-in")
            }
            #expect(factory.probe(for: MonitorDefinition(name: "s", kind: .smtp, relay: "plain")) is SMTPProbe)
            #expect(factory.probe(for: MonitorDefinition(name: "t", kind: .tcp, host: "h", port: 1)) is TCPProbe)
            #expect(factory.probe(for: MonitorDefinition(name: "d", kind: .dns, host: "h")) is DNSProbe)
            #expect(factory.probe(for: MonitorDefinition(name: "c", kind: .tlsCert, host: "h")) is TLSCertificateProbe)
            #expect(factory.probe(for: MonitorDefinition(name: "h", kind: .http, url: "http://h/")) is HTTPProbe)
            #expect(factory.probe(for: MonitorDefinition(name: "st", kind: .storage)) is StorageProbe)
            #expect(factory.probe(for: MonitorDefinition(name: "di", kind: .disk, threshold: 1)) is DiskProbe)
            #expect(factory.probe(for: MonitorDefinition(name: "o", kind: .oldestDeferred)) is OldestDeferredProbe)
            #expect(
                factory.probe(for: MonitorDefinition(name: "r", kind: .relayFailures, relay: "plain"))
                    is RelayFailureRatioProbe)
            let canary = factory.probe(for: MonitorDefinition(name: "k", kind: .canary, relay: "plain"))
            #expect(await reason(canary) == "cannot run: canary stand-in")
        }
    }

    @Test func definitionsThatCannotRunSayWhy() async throws {
        try await withStore { store in
            let factory = try factory(store: store)
            #expect(
                await reason(
                    factory.probe(for: MonitorDefinition(name: "a", kind: .smtp, relay: "plain", checkAuth: true)))
                    == "cannot run: check_auth needs a relay with credentials")
            #expect(
                await reason(
                    factory.probe(for: MonitorDefinition(name: "b", kind: .smtp, relay: "login", checkAuth: true)))
                    == nil)
            #expect(
                await reason(factory.probe(for: MonitorDefinition(name: "c", kind: .smtp, relay: "gone")))
                    == "cannot run: no relay named gone")
            #expect(await reason(factory.probe(for: MonitorDefinition(name: "d", kind: .tcp, host: "h"))) != nil)
            #expect(await reason(factory.probe(for: MonitorDefinition(name: "e", kind: .http))) != nil)
            #expect(
                await reason(factory.probe(for: MonitorDefinition(name: "f", kind: .canary)))
                    == "cannot run: canary monitors are not available on this node")
            #expect(
                await reason(factory.probe(for: MonitorDefinition(name: "g", kind: .relayFailures, relay: "plain")))
                    == "cannot run: relay outcomes are not counted on this node")
        }
    }

    @Test func theRelayPoolCountsOutcomesForTheFailureRatio() async throws {
        let yaml = "relays:\n  - {name: a, host: 127.0.0.1, port: 2525, tls: none}\n"
        let relay = try SteadymailConfiguration.parse(yaml: yaml, environment: [:]).relays[0]
        let pool = RelayPool(
            relays: [
                (
                    relay,
                    RelayEndpoint(
                        name: "a", host: "127.0.0.1", port: 2525, implicitTLS: false, tlsContext: nil,
                        client: SMTPClientConfiguration(heloName: "test.example"))
                )
            ], routes: RouteTable(),
            breaker: CircuitBreaker(configuration: .init(threshold: 100, cooldownInitial: .seconds(1))),
            pace: AdaptivePace.Configuration(
                interval: .seconds(2), initialConnections: 1, initialRate: 2, fullRate: 16, minimumRate: 0.5),
            idleLimit: .seconds(30), group: MultiThreadedEventLoopGroup.singleton, wake: WakeSignal(),
            logger: Logger(label: "test"))
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        for second in 0..<6 {
            let now = start.addingTimeInterval(Double(second))
            if second < 4 {
                await pool.recordRelayFailure("a", error: "refused", now: now)
            } else {
                await pool.recordSuccess("a", now: now)
            }
        }
        let now = start.addingTimeInterval(10)
        #expect(
            await pool.failureRatio(relay: "a", window: .seconds(300), now: now)
                == RelayOutcomeWindow.Tally(transactions: 6, failures: 4))
        #expect(
            await pool.failureRatio(relay: "a", window: .seconds(6), now: now)
                == RelayOutcomeWindow.Tally(transactions: 1, failures: 0))
        #expect(await pool.failureRatio(relay: "b", window: .seconds(300), now: now) == nil)
        let probe = RelayFailureRatioProbe(relay: "a", threshold: 0.5, window: .seconds(300), source: pool)
        #expect(await probe.run(now: now, deadline: now.addingTimeInterval(1)).verdict == .down)
    }
}
