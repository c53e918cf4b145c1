import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct TokenBucketTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    @Test func startsFullAndAllowsTheBurst() {
        var bucket = TokenBucket(ratePerSecond: 2, burst: 3, now: start)
        let taken = (0..<4).map { _ in bucket.take(now: start) }
        #expect(taken == [true, true, true, false])
    }

    @Test func refillsAtTheRate() {
        var bucket = TokenBucket(ratePerSecond: 2, burst: 1, now: start)
        let first = bucket.take(now: start)
        let tooSoon = bucket.take(now: at(0.25))
        let onTime = bucket.take(now: at(0.5))
        #expect(first && !tooSoon && onTime)
    }

    @Test func neverHoldsMoreThanTheBurst() {
        var bucket = TokenBucket(ratePerSecond: 10, burst: 2, now: start)
        let taken = (0..<3).map { _ in bucket.take(now: at(3600)) }
        #expect(taken == [true, true, false])
    }

    @Test func nextAvailableSaysWhenATokenIsBack() {
        var bucket = TokenBucket(ratePerSecond: 4, burst: 1, now: start)
        #expect(bucket.nextAvailable(now: start) == start)
        _ = bucket.take(now: start)
        #expect(bucket.nextAvailable(now: start) == at(0.25))
        #expect(bucket.nextAvailable(now: at(0.1)) == at(0.25))
        let next = bucket.nextAvailable(now: at(0.1))
        let taken = bucket.take(now: next)
        #expect(taken)
    }

    @Test func fractionalRatesWork() {
        var bucket = TokenBucket(ratePerSecond: 0.1, burst: 1, now: start)
        _ = bucket.take(now: start)
        #expect(bucket.nextAvailable(now: start) == at(10))
        let early = bucket.take(now: at(9.9))
        let due = bucket.take(now: at(10))
        #expect(!early && due)
    }

    @Test func aClockStepBackwardsDoesNotDrainOrRefill() {
        var bucket = TokenBucket(ratePerSecond: 1, burst: 1, now: at(10))
        let first = bucket.take(now: at(10))
        let backwards = bucket.take(now: at(5))
        let later = bucket.take(now: at(11))
        #expect(first && !backwards && later)
    }

    @Test func zeroRateNeverRefills() {
        var bucket = TokenBucket(ratePerSecond: 0, burst: 1, now: start)
        _ = bucket.take(now: start)
        #expect(bucket.nextAvailable(now: at(100)) == .distantFuture)
    }

    @Test func aBatchTakesAllItsTokensOrNone() {
        var bucket = TokenBucket(ratePerSecond: 1, burst: 5, now: start)
        let three = bucket.take(3, now: start)
        let threeMore = bucket.take(3, now: start)
        let two = bucket.take(2, now: start)
        #expect(three && !threeMore && two)
        #expect(bucket.tokens < 1e-6)
    }

    @Test func nextAvailableForABatchWaitsForEveryToken() {
        var bucket = TokenBucket(ratePerSecond: 2, burst: 4, now: start)
        _ = bucket.take(4, now: start)
        #expect(bucket.nextAvailable(3, now: start) == at(1.5))
        let early = bucket.take(3, now: at(1.4))
        let due = bucket.take(3, now: at(1.5))
        #expect(!early && due)
    }

    @Test func aBatchLargerThanTheBurstNeverFits() {
        var bucket = TokenBucket(ratePerSecond: 100, burst: 2, now: start)
        let three = bucket.take(3, now: at(3600))
        #expect(!three)
        #expect(bucket.nextAvailable(3, now: at(3600)) == .distantFuture)
        let two = bucket.take(2, now: at(3600))
        #expect(two)
    }
}

@Suite struct TokenBucketRetuneTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func retuningKeepsTheTokensHeldCappedAtTheNewBurst() {
        var bucket = TokenBucket(ratePerSecond: 8, burst: 8, now: start)
        for _ in 0..<5 { _ = bucket.take(now: start) }
        let slower = bucket.retuned(ratePerSecond: 1, burst: 2, now: start)
        #expect(slower.tokens == 2 && slower.ratePerSecond == 1 && slower.burst == 2)
        let faster = bucket.retuned(ratePerSecond: 16, burst: 16, now: start)
        #expect(faster.tokens == 3 && faster.burst == 16)
        #expect(faster.nextAvailable(now: start) == start)
    }
}
