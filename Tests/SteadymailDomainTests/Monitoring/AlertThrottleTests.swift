import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct AlertThrottleTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private func down(_ seconds: Double, _ monitor: String = "relay:primary", cause: String = "connection refused")
        -> Alert
    {
        Alert.monitorDown(monitor, cause: cause, at: at(seconds))
    }

    private func up(_ seconds: Double, _ monitor: String = "relay:primary") -> Alert {
        Alert.monitorUp(monitor, message: "220 greeting in 3 ms", at: at(seconds))
    }

    @Test func theFirstFiringIsSentAtOnce() {
        var throttle = AlertThrottle(repeatInterval: .seconds(3600))
        let sent = throttle.fire(down(0), now: at(0))
        #expect(sent?.kind == .monitorDown)
        #expect(sent?.key == "monitor:relay:primary")
        #expect(sent?.since == at(0))
        #expect(throttle.activeKeys == ["monitor:relay:primary"])
    }

    @Test func aLastingConditionIsRepeatedAtMostEveryInterval() {
        var throttle = AlertThrottle(repeatInterval: .seconds(60))
        #expect(throttle.fire(down(0), now: at(0)) != nil)
        #expect(throttle.fire(down(1), now: at(1)) == nil)
        #expect(throttle.fire(down(59), now: at(59)) == nil)
        let repeated = throttle.fire(down(60, cause: "greeting timed out"), now: at(60))
        #expect(repeated?.details == "greeting timed out")
        #expect(repeated?.since == at(0))
        #expect(throttle.fire(down(61), now: at(61)) == nil)
        #expect(throttle.fire(down(120), now: at(120)) != nil)
    }

    @Test func theTimerRepeatsWhatTheSourceFiredOnlyOnce() {
        var throttle = AlertThrottle(repeatInterval: .seconds(60))
        _ = throttle.fire(down(0), now: at(0))
        _ = throttle.fire(down(30, cause: "greeting timed out"), now: at(30))
        #expect(throttle.due(now: at(59)).isEmpty)
        #expect(throttle.nextDue == at(60))
        let repeats = throttle.due(now: at(60))
        #expect(repeats.count == 1)
        #expect(repeats.first?.details == "greeting timed out", "a repeat says what was last observed")
        #expect(repeats.first?.time == at(60))
        #expect(repeats.first?.since == at(0))
        #expect(throttle.due(now: at(61)).isEmpty)
        #expect(throttle.fire(down(90), now: at(90)) == nil, "the timer's repeat counts as the last sending")
        #expect(throttle.nextDue == at(120))
    }

    @Test func aRecoveryOfAnAnnouncedKeyIsSentOnceAndClearsIt() {
        var throttle = AlertThrottle(repeatInterval: .seconds(3600))
        _ = throttle.fire(down(0), now: at(0))
        let recovery = throttle.recover(up(90), now: at(90))
        #expect(recovery?.kind == .monitorUp)
        #expect(recovery?.isRecovery == true)
        #expect(recovery?.since == at(0), "a recovery says when its condition began")
        #expect(throttle.recover(up(91), now: at(91)) == nil)
        #expect(throttle.activeKeys.isEmpty)
        #expect(throttle.due(now: at(10_000)).isEmpty)
        #expect(throttle.nextDue == nil)
    }

    @Test func aRecoveryOfAKeyNeverAnnouncedIsNotSent() {
        var throttle = AlertThrottle(repeatInterval: .seconds(3600))
        #expect(throttle.recover(up(0), now: at(0)) == nil)
        _ = throttle.fire(down(0, "other"), now: at(0))
        #expect(throttle.recover(up(1), now: at(1)) == nil)
        #expect(throttle.activeKeys == ["monitor:other"])
    }

    @Test func aKeyFiringAgainAfterItsRecoveryIsSentAtOnce() {
        var throttle = AlertThrottle(repeatInterval: .seconds(3600))
        _ = throttle.fire(down(0), now: at(0))
        _ = throttle.recover(up(5), now: at(5))
        let again = throttle.fire(down(6), now: at(6))
        #expect(again?.kind == .monitorDown)
        #expect(again?.since == at(6))
    }

    @Test func keysAreThrottledIndependently() {
        var throttle = AlertThrottle(repeatInterval: .seconds(3600))
        #expect(throttle.fire(down(0, "relay:a"), now: at(0)) != nil)
        #expect(throttle.fire(down(1, "relay:b"), now: at(1)) != nil)
        #expect(throttle.fire(Alert.circuitOpen("a", cause: nil, at: at(2)), now: at(2)) != nil)
        #expect(throttle.activeKeys == ["monitor:relay:a", "monitor:relay:b", "circuit:a"])
    }

    @Test func anEscalationIsSentAtOnceButNotADeescalation() {
        var throttle = AlertThrottle(repeatInterval: .seconds(3600))
        let warning = Alert.certificateExpiry(
            monitor: "mx-cert", target: "mx.example.org:465", daysLeft: 10, critical: false, at: at(0))
        let critical = Alert.certificateExpiry(
            monitor: "mx-cert", target: "mx.example.org:465", daysLeft: 2, critical: true, at: at(10))
        #expect(throttle.fire(warning, now: at(0))?.severity == .warning)
        #expect(throttle.fire(critical, now: at(10))?.severity == .critical)
        #expect(throttle.fire(critical, now: at(20)) == nil)
        #expect(throttle.fire(warning, now: at(30)) == nil)
    }

    @Test func aRecoveryGivenToFireIsHandledAsARecovery() {
        var throttle = AlertThrottle(repeatInterval: .seconds(3600))
        #expect(throttle.fire(up(0), now: at(0)) == nil)
        _ = throttle.fire(down(1), now: at(1))
        #expect(throttle.fire(up(2), now: at(2))?.kind == .monitorUp)
        #expect(throttle.activeKeys.isEmpty)
    }

    @Test func repeatsComeOldestConditionFirst() {
        var throttle = AlertThrottle(repeatInterval: .seconds(60))
        _ = throttle.fire(down(10, "relay:b"), now: at(10))
        _ = throttle.fire(down(20, "relay:a"), now: at(20))
        #expect(throttle.due(now: at(100)).map(\.subject) == ["relay:b", "relay:a"])
    }
}
