import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct AdaptivePaceTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let configuration = AdaptivePace.Configuration(
        interval: .seconds(30), initialConnections: 1, initialRate: 1, fullRate: 16, minimumRate: 0.1)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private func pace(connections: Int = 10, rate: Double? = nil) -> AdaptivePace {
        AdaptivePace(configuration: configuration, maximum: .init(connections: connections, rate: rate))
    }

    @Test func startsSteadyAtTheMaxima() {
        let limited = pace(connections: 10, rate: 5)
        #expect(limited.phase == .steady && limited.connections == 10 && limited.rate == 5)
        #expect(limited.holdUntil == nil)
        let unlimited = pace(connections: 4)
        #expect(unlimited.phase == .steady && unlimited.connections == 4 && unlimited.rate == nil)
    }

    @Test func recoveryStartsLowAndHoldsAnInterval() {
        var relay = pace()
        relay.recover(now: start)
        #expect(relay.phase == .ramping && relay.connections == 1 && relay.rate == 1)
        #expect(relay.holdUntil == at(30))
        let early = relay.succeeded(now: at(29.9))
        #expect(!early && relay.connections == 1 && relay.rate == 1)
    }

    @Test func rampDoublesPerCleanIntervalUntilSteadyAndUnlimited() {
        var relay = pace(connections: 10)
        relay.recover(now: start)
        var steps: [(Int, Double?)] = []
        var time = 0.0
        while relay.phase != .steady && steps.count < 10 {
            time += 30
            relay.succeeded(now: at(time))
            steps.append((relay.connections, relay.rate))
        }
        #expect(steps.map(\.0) == [2, 4, 8, 10])
        // The rate ceiling doubles 1, 2, 4, 8 and is lifted once it would reach full_rate (16) without a configured rate.
        #expect(steps.map(\.1) == [2, 4, 8, nil])
        #expect(relay.phase == .steady && relay.holdUntil == nil)
    }

    @Test func onlyOneDoublingPerInterval() {
        var relay = pace()
        relay.recover(now: start)
        relay.succeeded(now: at(30))
        let again = relay.succeeded(now: at(45))
        #expect(!again && relay.connections == 2)
        relay.succeeded(now: at(60))
        #expect(relay.connections == 4)
    }

    @Test func rampIsCappedAtAConfiguredRate() {
        var relay = pace(connections: 2, rate: 3)
        relay.recover(now: start)
        relay.succeeded(now: at(30))
        #expect(relay.connections == 2 && relay.rate == 2 && relay.phase == .ramping)
        relay.succeeded(now: at(60))
        #expect(relay.rate == 3 && relay.phase == .steady)
    }

    @Test func initialValuesAtTheMaximaMeanNoRamp() {
        let generous = AdaptivePace.Configuration(
            interval: .seconds(30), initialConnections: 50, initialRate: 1000, fullRate: 16)
        var relay = AdaptivePace(configuration: generous, maximum: .init(connections: 10))
        relay.recover(now: start)
        #expect(relay.phase == .steady && relay.connections == 10 && relay.rate == nil)
    }

    @Test func throttleHalvesBothLimitsAndHolds() {
        var relay = pace(connections: 10, rate: 8)
        let cut = relay.throttled(now: start, startedAt: start)
        #expect(cut && relay.phase == .throttled && relay.connections == 5 && relay.rate == 4)
        #expect(relay.holdUntil == at(30))
        let tooEarly = relay.succeeded(now: at(20))
        #expect(!tooEarly && relay.connections == 5)
        relay.succeeded(now: at(30))
        #expect(relay.connections == 10 && relay.rate == 8 && relay.phase == .steady)
    }

    @Test func throttleOfAnUnlimitedRateStartsFromTheFullRate() {
        var relay = pace(connections: 10)
        relay.throttled(now: start, startedAt: start)
        #expect(relay.rate == 8 && relay.connections == 5)
        relay.succeeded(now: at(30))
        #expect(relay.rate == nil && relay.phase == .steady)
    }

    @Test func repliesToTransactionsStartedBeforeTheCutDoNotCutAgainButRestartTheHold() {
        var relay = pace(connections: 8, rate: 8)
        relay.throttled(now: at(10), startedAt: at(9))
        let stale = relay.throttled(now: at(20), startedAt: at(9.5))
        #expect(!stale && relay.connections == 4 && relay.rate == 4)
        #expect(relay.holdUntil == at(50))
        let fresh = relay.throttled(now: at(21), startedAt: at(10.5))
        #expect(fresh && relay.connections == 2 && relay.rate == 2)
    }

    @Test func cutsStopAtOneConnectionAndTheMinimumRate() {
        var relay = pace(connections: 4, rate: 1)
        for second in 0..<20 { relay.throttled(now: at(Double(second)), startedAt: at(Double(second))) }
        #expect(relay.connections == 1 && relay.rate == 0.1)
    }

    @Test func recoveryAfterAThrottleRestartsTheRamp() {
        var relay = pace(connections: 10)
        relay.throttled(now: start, startedAt: start)
        relay.recover(now: at(5))
        #expect(relay.phase == .ramping && relay.connections == 1 && relay.rate == 1 && relay.holdUntil == at(35))
        let stale = relay.throttled(now: at(6), startedAt: at(4))
        #expect(!stale && relay.phase == .ramping)
    }

    @Test func throttleWhileRampingCutsFromTheRampedLevel() {
        var relay = pace(connections: 10)
        relay.recover(now: start)
        relay.succeeded(now: at(30))
        relay.succeeded(now: at(60))
        relay.throttled(now: at(61), startedAt: at(61))
        #expect(relay.phase == .throttled && relay.connections == 2 && relay.rate == 2)
    }
}

@Suite struct AdaptivePaceReloadTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let configuration = AdaptivePace.Configuration(
        interval: .seconds(30), initialConnections: 1, initialRate: 1, fullRate: 16, minimumRate: 0.1)

    @Test func aSteadyPaceIsSteadyAtTheNewMaxima() {
        let pace = AdaptivePace(configuration: configuration, maximum: .init(connections: 10))
        let reloaded = pace.reconfigured(configuration: configuration, maximum: .init(connections: 4, rate: 3))
        #expect(reloaded.phase == .steady && reloaded.connections == 4 && reloaded.rate == 3)
    }

    @Test func aRampKeepsItsLevelWithinTheNewMaxima() {
        var pace = AdaptivePace(configuration: configuration, maximum: .init(connections: 10))
        pace.recover(now: start)
        pace.succeeded(now: start.addingTimeInterval(30))
        pace.succeeded(now: start.addingTimeInterval(60))
        let slower = AdaptivePace.Configuration(interval: .seconds(60), initialConnections: 1, initialRate: 1)
        let reloaded = pace.reconfigured(configuration: slower, maximum: .init(connections: 3, rate: 8))
        #expect(reloaded.phase == .ramping && reloaded.connections == 3 && reloaded.rate == 4)
        #expect(reloaded.holdUntil == start.addingTimeInterval(90) && reloaded.configuration == slower)
        let atMaximum = pace.reconfigured(configuration: configuration, maximum: .init(connections: 4, rate: 4))
        #expect(atMaximum.phase == .steady)
    }
}
