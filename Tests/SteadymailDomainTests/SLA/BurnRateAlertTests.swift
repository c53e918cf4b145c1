import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct BurnRateAlertTests {
    let minute = Date(timeIntervalSince1970: TimeInterval((1_800_000_000 as Int) / 60 * 60))

    @Test func defaultsAreTheWorkbookPairs() {
        let policy = BurnRatePolicy()
        #expect(policy.fast == BurnRatePair(factor: 14.4, longWindow: .seconds(3600), shortWindow: .seconds(300)))
        #expect(policy.slow == BurnRatePair(factor: 6, longWindow: .seconds(21600), shortWindow: .seconds(1800)))
    }

    @Test(arguments: [
        (20.0, 20.0, true), (20.0, 10.0, false), (10.0, 20.0, false), (14.4, 20.0, false), (14.5, 14.5, true),
    ])
    func firesOnlyWhenBothWindowsExceedTheFactor(long: Double, short: Double, fires: Bool) {
        #expect(BurnRatePair.fastDefault.fires(longBurn: long, shortBurn: short) == fires)
    }

    @Test func aWindowWithoutDataNeverFires() {
        #expect(!BurnRatePair.fastDefault.fires(longBurn: nil, shortBurn: 100))
        #expect(!BurnRatePair.fastDefault.fires(longBurn: 100, shortBurn: nil))
    }

    /// A synthetic history: a relay at 99.9 % SLA, probed every 10 s, goes down for 10 minutes at 00:30 of a
    /// two-hour history and comes back. Evaluated every minute, the fast alert starts once both windows burn over 14.4x
    /// and ends when the short window recovers, long before the long window forgets the outage.
    @Test func aTenMinuteOutageFiresTheFastAlertOnceAndClearsItAfterwards() {
        let results = (0..<720).map { index in
            let seconds = Double(index) * 10
            let down = seconds >= 1800 && seconds < 2400
            return ProbeResult(
                verdict: down ? .down : .up, at: minute.addingTimeInterval(seconds), message: "x")
        }
        let pair = BurnRatePair.fastDefault
        var state = BurnAlertState()
        var changes: [(Double, BurnAlertState.Change)] = []
        for evaluation in stride(from: 60.0, through: 7200, by: 60) {
            let now = minute.addingTimeInterval(evaluation)
            func burn(_ window: Duration) -> Double? {
                let range = DateInterval(
                    start: now.addingTimeInterval(-TimeInterval(window.components.seconds)), end: now)
                let slots = UptimeSlot.slots(results: results, rollups: [], within: range, maintenance: [])
                return UptimeMeasure.measure(slots, over: range, maintenance: []).errorRate.map {
                    ErrorBudget.burnRate(errorRate: $0, objective: 99.9)
                }
            }
            let fires = pair.fires(longBurn: burn(pair.longWindow), shortBurn: burn(pair.shortWindow))
            if let change = state.update("sla:primary:fast", firing: fires) { changes.append((evaluation, change)) }
        }
        #expect(changes.map(\.1) == [.started, .ended])
        // 14.4x of 0.1 % is 1.44 % of the last hour: about 52 s of downtime; the first evaluation after it is 00:31.
        #expect(changes.first?.0 == 1860)
        // The short window (5 min) is clean again 5 min after the outage ends at 00:40.
        #expect(changes.last?.0 == 2700)
    }

    @Test func stateReportsChangesOnlyOnce() {
        var state = BurnAlertState()
        #expect(state.update("k", firing: false) == nil)
        #expect(state.update("k", firing: true) == .started)
        #expect(state.update("k", firing: true) == nil)
        #expect(state.isFiring("k"))
        #expect(state.update("k", firing: false) == .ended)
        #expect(!state.isFiring("k"))
    }

    @Test func retainForgetsAlertsOfSubjectsGone() {
        var state = BurnAlertState()
        _ = state.update("sla:a:fast", firing: true)
        _ = state.update("sla:b:fast", firing: true)
        #expect(state.retain { $0.hasPrefix("sla:a") } == ["sla:b:fast"])
        #expect(state.firing == ["sla:a:fast"])
    }

    @Test func burnAlertsShareTheirKeyWithTheRecoveryAndSeverityFollowsTheSpeed() {
        let fast = Alert.slaBurn(
            relay: "primary", sla: 99.9, speed: .fast, pair: .fastDefault, longBurn: 20, shortBurn: 30, at: minute)
        let recovered = Alert.slaBurnRecovered(relay: "primary", speed: .fast, at: minute)
        #expect(fast.kind == .slaBurn && fast.severity == .critical)
        #expect(fast.key == recovered.key && recovered.isRecovery)
        #expect(fast.summary == "relay primary burns its 99.9 % SLA budget 20.0x too fast")
        let slow = Alert.objectiveBurn(
            objective: .defaultObjective(for: .bulk), speed: .slow, pair: .slowDefault, longBurn: 7, shortBurn: 8,
            at: minute)
        #expect(slow.kind == .objectiveBurn && slow.severity == .warning)
        #expect(slow.key == Alert.objectiveBurnRecovered(priority: .bulk, speed: .slow, at: minute).key)
        #expect(AlertKind.objectiveBurn.recovery == .objectiveBurnRecovered)
    }
}
