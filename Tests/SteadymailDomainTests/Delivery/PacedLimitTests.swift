import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct PacedLimitTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private func limit(connections: Int, rate: Double? = nil) -> PacedLimit {
        PacedLimit(
            pace: AdaptivePace(
                configuration: .init(interval: .seconds(2), initialConnections: 1, initialRate: 2, fullRate: 16),
                maximum: .init(connections: connections, rate: rate)),
            now: start)
    }

    @Test func neverMoreThanTheConnectionLimitInFlight() {
        var gate = limit(connections: 2)
        let granted = (0..<5).map { _ in gate.acquire(now: start) }
        #expect(granted == [true, true, false, false, false])
        #expect(gate.inFlight == 2 && !gate.admits(now: start))
        gate.release(startedAt: start, now: at(0.3))
        #expect(gate.admits(now: at(0.3)))
        let again = gate.acquire(now: at(0.3))
        #expect(again && gate.inFlight == 2)
    }

    @Test func rateCeilingHoldsTransactionsPerSecond() {
        var gate = limit(connections: 100, rate: 4)
        var granted = 0
        for tick in 0..<100 where gate.acquire(now: at(Double(tick) * 0.01)) { granted += 1 }
        // One second: the burst of 4 plus what refills within it at 4/s.
        #expect((7...8).contains(granted))
    }

    @Test func recoveryRampsTheBucketFromTheInitialRate() {
        var gate = limit(connections: 10)
        gate.recover(now: start)
        var granted: [Double] = []
        for tick in 0..<400 {
            let now = at(Double(tick) * 0.01)
            if gate.acquire(now: now) {
                granted.append(Double(tick) * 0.01)
                gate.release(startedAt: now, now: now)
                gate.succeeded(now: now)
            }
        }
        let first = granted.filter { $0 < 2 }.count
        let second = granted.filter { $0 >= 2 && $0 < 4 }.count
        // Initial rate 2/s: a burst of 2 and 2 a second for 2 s; then 4/s.
        #expect(first == 5 || first == 6)
        #expect(second >= 7 && second <= 9)
        #expect(gate.pace.rate == 4 && gate.pace.connections == 2)
    }

    @Test func retriesAreSpacedAtTheRate() {
        var gate = limit(connections: 10, rate: 2)
        let times = (0..<4).map { _ in gate.retryTime(now: start, minimumDelay: 1) }
        #expect(times == [at(1), at(1.5), at(2), at(2.5)])
        let later = gate.retryTime(now: at(10), minimumDelay: 1)
        #expect(later == at(11))
    }

    @Test func retriesAreSpacedByTheHoldTimeOverTheConnections() {
        var gate = limit(connections: 2)
        _ = gate.acquire(now: start)
        gate.release(startedAt: start, now: at(0.4))
        let times = (0..<3).map { _ in gate.retryTime(now: at(0.4), minimumDelay: 1).timeIntervalSince(start) }
        #expect(zip(times, [1.4, 1.6, 1.8]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(times)")
    }

    @Test func throttleLowersTheLimitsAtOnce() {
        var gate = limit(connections: 4)
        let cut = gate.throttled(now: start, startedAt: start)
        #expect(cut && gate.pace.connections == 2 && gate.pace.rate == 8)
        _ = gate.acquire(now: start)
        _ = gate.acquire(now: start)
        #expect(!gate.admits(now: start))
    }
}
