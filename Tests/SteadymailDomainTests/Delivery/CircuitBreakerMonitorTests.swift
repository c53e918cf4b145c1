import Foundation
import Testing

@testable import SteadymailDomain

/// The breaker as the one health state of a relay: monitors and delivery failures feed the same value.
@Suite struct CircuitBreakerMonitorTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    @Test func monitorDownTakesAClosedRelayOutOfRotationAtOnce() {
        var breaker = CircuitBreaker()
        let change = breaker.recordMonitorDown(now: start)
        #expect(change == CircuitBreaker.StateChange(from: .closed, to: .down(since: start), at: start))
        let allowed = breaker.allowsAttempt(now: at(3600))
        #expect(!allowed)
    }

    @Test func whileDownDeliveryOutcomesChangeNothing() {
        var breaker = CircuitBreaker()
        breaker.recordMonitorDown(now: start)
        let success = breaker.recordSuccess(now: at(1))
        let failure = breaker.recordRelayFailure(now: at(2))
        let again = breaker.recordMonitorDown(now: at(3))
        #expect(success == nil)
        #expect(failure == nil)
        #expect(again == nil)
        #expect(breaker.state == .down(since: start))
    }

    @Test func monitorUpClosesADownRelay() {
        var breaker = CircuitBreaker()
        breaker.recordMonitorDown(now: start)
        let change = breaker.recordMonitorUp(now: at(5))
        #expect(change == CircuitBreaker.StateChange(from: .down(since: start), to: .closed, at: at(5)))
        let allowed = breaker.allowsAttempt(now: at(5))
        #expect(allowed)
        #expect(breaker.consecutiveFailures == 0)
    }

    @Test func monitorUpLetsATrialThroughABreakerDeliveryOpened() {
        var breaker = CircuitBreaker()
        for _ in 0..<3 { breaker.recordRelayFailure(now: start) }
        let before = breaker.allowsAttempt(now: at(1))
        let change = breaker.recordMonitorUp(now: at(1))
        let trial = breaker.allowsAttempt(now: at(1))
        let second = breaker.allowsAttempt(now: at(1))
        #expect(!before)
        #expect(change?.to == .halfOpen(trialInFlight: false))
        #expect(trial)
        #expect(!second)
    }

    @Test func monitorUpOnAHealthyRelayChangesNothing() {
        var breaker = CircuitBreaker()
        let change = breaker.recordMonitorUp(now: start)
        #expect(change == nil)
        #expect(breaker.state == .closed)
    }

    @Test func monitorDownOverridesAnOpenBreaker() {
        var breaker = CircuitBreaker()
        for _ in 0..<3 { breaker.recordRelayFailure(now: start) }
        breaker.recordMonitorDown(now: at(1))
        let allowed = breaker.allowsAttempt(now: at(600))
        #expect(!allowed)
    }
}
