import Foundation
import Logging
import SteadymailDomain
import Testing

@testable import SteadymailServer

@Suite struct DestinationLimiterTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let pace = AdaptivePace.Configuration(
        interval: .seconds(2), initialConnections: 1, initialRate: 2, fullRate: 16, minimumRate: 0.5)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private func limiter(_ destinations: [Destination]) -> DestinationLimiter {
        DestinationLimiter(
            destinations: destinations, pace: pace, defaultConnections: 20, logger: Logger(label: "test"), now: start)
    }

    @Test func neverMoreThanTheConcurrencyAndASlotFreesOnRelease() async {
        let limits = limiter([Destination(name: "microsoft", domains: ["outlook.com", "hotmail.com"], concurrency: 2)])
        var admissions: [DestinationLimiter.Admission] = []
        for _ in 0..<3 { admissions.append(await limits.acquire("microsoft", now: start, minimumDelay: 1)) }
        #expect(admissions[0] == .held && admissions[1] == .held)
        guard case .busy(let retryAt) = admissions[2] else {
            Issue.record("a third transaction was admitted: \(admissions)")
            return
        }
        #expect(retryAt >= at(1))
        await limits.release("microsoft", startedAt: start, now: at(0.3))
        #expect(await limits.acquire("microsoft", now: at(0.3), minimumDelay: 1) == .held)
        #expect(await limits.snapshot().first?.inFlight == 2)
    }

    @Test func turnedAwayWorkComesBackSpacedOut() async {
        let limits = limiter([Destination(name: "slow.example", domains: ["slow.example"], concurrency: 1)])
        _ = await limits.acquire("slow.example", now: start, minimumDelay: 1)
        await limits.release("slow.example", startedAt: start, now: at(0.5))
        _ = await limits.acquire("slow.example", now: at(0.5), minimumDelay: 1)
        var times: [Date] = []
        for _ in 0..<3 {
            if case .busy(let retryAt) = await limits.acquire("slow.example", now: at(0.5), minimumDelay: 1) {
                times.append(retryAt)
            }
        }
        #expect(times.map { $0.timeIntervalSince(start) } == [1.5, 2, 2.5])
    }

    @Test func rateLimitsTransactionsPerSecond() async {
        let limits = limiter([Destination(name: "example.org", domains: ["example.org"], rate: 2)])
        var held = 0
        for tick in 0..<10 {
            let now = at(Double(tick) * 0.1)
            if await limits.acquire("example.org", now: now, minimumDelay: 1) == .held {
                held += 1
                await limits.release("example.org", startedAt: now, now: now)
            }
        }
        // A burst of 2, then 2 a second: 2 + 1 (at 0.5 s) within the first second.
        #expect(held == 3)
    }

    @Test func limitedDestinationsGetTheirOwnTransaction() async {
        let limits = limiter([
            Destination(name: "microsoft", domains: ["outlook.com", "hotmail.com"], concurrency: 2),
            Destination(name: "watched", domains: ["watched.example"]),
        ])
        let groups = await limits.groups(domains: ["a.example", "hotmail.com", "watched.example", "outlook.com"])
        #expect(
            groups == [
                DestinationGroup(key: "microsoft", indices: [1, 3]), DestinationGroup(key: nil, indices: [0, 2]),
            ])
        #expect(await limits.acquire("watched", now: start, minimumDelay: 1) == .free)
        #expect(await limits.keys(forDomains: ["Outlook.com", "b.example"]) == ["microsoft", "b.example"])
    }

    @Test func aThrottledUnlistedDomainIsSlowedAloneUntilItIsBackToFullSpeed() async {
        let limits = limiter([])
        #expect(await limits.acquire("a.example", now: start, minimumDelay: 1) == .free)
        let retryAt = await limits.throttled(
            "a.example", reply: "451 4.7.0 rate limited", startedAt: start, now: start, minimumDelay: 1)
        #expect(retryAt >= at(1))
        let view = await limits.snapshot()
        #expect(view.map(\.name) == ["a.example"])
        #expect(view.first?.pace == "throttled" && view.first?.connectionLimit == 10 && view.first?.rateLimit == 8)
        #expect(view.first?.throttles == 1 && view.first?.lastThrottle == "451 4.7.0 rate limited")
        let groups = await limits.groups(domains: ["a.example", "b.example"])
        #expect(groups == [DestinationGroup(key: "a.example", indices: [0]), DestinationGroup(key: nil, indices: [1])])
        #expect(await limits.acquire("a.example", now: at(0.1), minimumDelay: 1) == .held)
        #expect(await limits.acquire("b.example", now: at(0.1), minimumDelay: 1) == .free)
        await limits.release("a.example", startedAt: at(0.1), now: at(0.2))
        await limits.succeeded("a.example", now: at(2.5))
        #expect(await limits.snapshot().isEmpty, "a domain back at full speed keeps no state")
        #expect(await limits.groups(domains: ["a.example"]) == [DestinationGroup(key: nil, indices: [0])])
    }

    @Test func configuredDestinationsAreListedFirstAndKeepTheirState() async {
        let limits = limiter([Destination(name: "watched", domains: ["watched.example"])])
        _ = await limits.throttled(
            "z.example", reply: "421 4.7.0 slow down", startedAt: start, now: start, minimumDelay: 1)
        _ = await limits.throttled(
            "watched", reply: "421 4.7.0 slow down", startedAt: start, now: start, minimumDelay: 1)
        let view = await limits.snapshot()
        #expect(view.map(\.name) == ["watched", "z.example"])
        #expect(view[0].domains == ["watched.example"] && view[0].concurrency == nil && view[0].pace == "throttled")
        await limits.succeeded("watched", now: at(2))
        #expect(await limits.snapshot().map(\.name) == ["watched", "z.example"])
    }
}

@Suite struct DestinationLimiterReloadTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let pace = AdaptivePace.Configuration(
        interval: .seconds(2), initialConnections: 1, initialRate: 2, fullRate: 16, minimumRate: 0.5)

    @Test func aReloadKeepsSlotsAndThrottlesByNameAndAppliesNewLimits() async {
        let limits = DestinationLimiter(
            destinations: [
                Destination(name: "microsoft", domains: ["outlook.com"], concurrency: 2),
                Destination(name: "gone", domains: ["gone.example"], concurrency: 1),
            ],
            pace: pace, defaultConnections: 20, logger: Logger(label: "test"), now: start)
        #expect(await limits.acquire("microsoft", now: start, minimumDelay: 1) == .held)
        _ = await limits.throttled(
            "a.example", reply: "451 4.7.0 rate limited", startedAt: start, now: start, minimumDelay: 1)
        await limits.reconfigure(
            destinations: [
                Destination(name: "microsoft", domains: ["outlook.com", "hotmail.com"], concurrency: 1),
                Destination(name: "new.example", domains: ["new.example"], rate: 5),
            ],
            pace: pace, defaultConnections: 10, now: start)
        let view = await limits.snapshot()
        #expect(view.map(\.name) == ["microsoft", "new.example", "a.example"])
        #expect(
            view[0].inFlight == 1 && view[0].connectionLimit == 1 && view[0].domains == ["outlook.com", "hotmail.com"])
        #expect(view[1].pace == "steady" && view[1].rateLimit == 5)
        #expect(view[2].pace == "throttled")
        #expect(await limits.keys(forDomains: ["hotmail.com", "gone.example"]) == ["microsoft", "gone.example"])
        guard case .busy = await limits.acquire("microsoft", now: start, minimumDelay: 1) else {
            Issue.record("the new concurrency of 1 admitted a second transaction")
            return
        }
        await limits.release("gone", startedAt: start, now: start)
    }
}
