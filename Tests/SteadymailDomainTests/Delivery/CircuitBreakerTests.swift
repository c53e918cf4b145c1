import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct CircuitBreakerTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private func openedBreaker() -> CircuitBreaker {
        var breaker = CircuitBreaker()
        for _ in 0..<3 { breaker.recordRelayFailure(now: start) }
        return breaker
    }

    @Test func staysClosedBelowTheThreshold() {
        var breaker = CircuitBreaker()
        let first = breaker.recordRelayFailure(now: start)
        let second = breaker.recordRelayFailure(now: start)
        let allowed = breaker.allowsAttempt(now: start)
        #expect(first == nil && second == nil)
        #expect(breaker.state == .closed)
        #expect(breaker.consecutiveFailures == 2)
        #expect(allowed)
    }

    @Test func successResetsTheCount() {
        var breaker = CircuitBreaker()
        breaker.recordRelayFailure(now: start)
        breaker.recordRelayFailure(now: start)
        let success = breaker.recordSuccess(now: start)
        let failure = breaker.recordRelayFailure(now: start)
        #expect(success == nil && failure == nil)
        #expect(breaker.state == .closed)
    }

    @Test func opensAtTheThresholdWithTheInitialCooldown() {
        var breaker = CircuitBreaker()
        breaker.recordRelayFailure(now: start)
        breaker.recordRelayFailure(now: start)
        let change = breaker.recordRelayFailure(now: start)
        let open = CircuitBreaker.State.open(until: at(10), cooldown: .seconds(10))
        #expect(change == CircuitBreaker.StateChange(from: .closed, to: open, at: start))
        #expect(breaker.state == open)
    }

    @Test func openRefusesUntilTheCooldownPassed() {
        var breaker = openedBreaker()
        let allowed = breaker.allowsAttempt(now: at(9.9))
        let lateFailure = breaker.recordRelayFailure(now: at(5))
        #expect(!allowed)
        #expect(lateFailure == nil)
        #expect(breaker.state == .open(until: at(10), cooldown: .seconds(10)))
    }

    @Test func halfOpenAdmitsExactlyOneTrial() {
        var breaker = openedBreaker()
        let admission = breaker.admit(now: at(10))
        let second = breaker.allowsAttempt(now: at(11))
        let muchLater = breaker.allowsAttempt(now: at(500))
        #expect(admission.allowed)
        #expect(
            admission.change
                == CircuitBreaker.StateChange(
                    from: .open(until: at(10), cooldown: .seconds(10)), to: .halfOpen(trialInFlight: true), at: at(10)))
        #expect(!second && !muchLater)
    }

    @Test func successfulTrialCloses() {
        var breaker = openedBreaker()
        let trial = breaker.allowsAttempt(now: at(10))
        let change = breaker.recordSuccess(now: at(11))
        let next = breaker.allowsAttempt(now: at(11))
        #expect(trial && next)
        #expect(change == CircuitBreaker.StateChange(from: .halfOpen(trialInFlight: true), to: .closed, at: at(11)))
        #expect(breaker.consecutiveFailures == 0)
    }

    @Test func failedTrialReopensWithAGrowingCooldownUpToTheMaximum() {
        var breaker = openedBreaker()
        var now = at(10)
        for expected in [20, 40, 80, 160, 300, 300] {
            let trial = breaker.allowsAttempt(now: now)
            let change = breaker.recordRelayFailure(now: now)
            let open = CircuitBreaker.State.open(
                until: now.addingTimeInterval(Double(expected)), cooldown: .seconds(expected))
            #expect(trial)
            #expect(change?.from == .halfOpen(trialInFlight: true))
            #expect(change?.to == open)
            now = now.addingTimeInterval(Double(expected))
        }
    }

    @Test func closingResetsTheCooldownGrowth() {
        var breaker = openedBreaker()
        _ = breaker.allowsAttempt(now: at(10))
        breaker.recordRelayFailure(now: at(10))
        _ = breaker.allowsAttempt(now: at(30))
        breaker.recordSuccess(now: at(30))
        for _ in 0..<3 { breaker.recordRelayFailure(now: at(40)) }
        #expect(breaker.state == .open(until: at(50), cooldown: .seconds(10)))
    }

    @Test func releasedTrialAdmitsAnother() {
        var breaker = openedBreaker()
        let trial = breaker.allowsAttempt(now: at(10))
        breaker.releaseTrial()
        #expect(breaker.state == .halfOpen(trialInFlight: false))
        let secondTrial = breaker.allowsAttempt(now: at(12))
        #expect(trial && secondTrial)
        #expect(breaker.state == .halfOpen(trialInFlight: true))
    }

    @Test func releaseOutsideHalfOpenChangesNothing() {
        var breaker = openedBreaker()
        breaker.releaseTrial()
        #expect(breaker.state == .open(until: at(10), cooldown: .seconds(10)))
    }

    @Test func lateSuccessWhileOpenCloses() {
        var breaker = openedBreaker()
        let change = breaker.recordSuccess(now: at(2))
        #expect(change?.to == .closed)
    }

    @Test func configurationIsHonoured() {
        let configuration = CircuitBreaker.Configuration(
            threshold: 1, cooldownInitial: .seconds(2), cooldownMaximum: .seconds(5), growth: 3)
        var breaker = CircuitBreaker(configuration: configuration)
        breaker.recordRelayFailure(now: start)
        #expect(breaker.state == .open(until: at(2), cooldown: .seconds(2)))
        _ = breaker.allowsAttempt(now: at(2))
        breaker.recordRelayFailure(now: at(2))
        #expect(breaker.state == .open(until: at(7), cooldown: .seconds(5)))
    }
}
