import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct MonitorHealthTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func result(_ verdict: ProbeVerdict, _ seconds: Double, _ message: String = "m") -> ProbeResult {
        ProbeResult(verdict: verdict, at: start.addingTimeInterval(seconds), message: message)
    }

    /// Feeds results in order and returns the transitions they caused (nil where none).
    private func feed(_ health: inout MonitorHealth, _ results: [ProbeResult]) -> [MonitorTransition?] {
        results.map { health.record($0) }
    }

    @Test func unknownBecomesUpAtTheFirstSuccess() {
        var health = MonitorHealth(failuresBeforeDown: 2)
        let initial = health.status
        let transitions = feed(&health, [result(.up, 1, "250 greeting"), result(.up, 2)])
        #expect(initial == .unknown)
        #expect(
            transitions == [
                MonitorTransition(from: .unknown, to: .up, at: start.addingTimeInterval(1), message: "250 greeting"),
                nil,
            ])
        #expect(health.status == .up)
    }

    @Test func unknownBecomesDownOnlyAtTheThreshold() {
        var health = MonitorHealth(failuresBeforeDown: 3)
        let early = feed(&health, [result(.down, 1), result(.down, 2)])
        let statusBefore = health.status
        let transitions = feed(&health, [result(.down, 3, "connection refused")])
        #expect(early == [nil, nil])
        #expect(statusBefore == .unknown)
        #expect(
            transitions == [
                MonitorTransition(
                    from: .unknown, to: .down, at: start.addingTimeInterval(3), message: "connection refused")
            ])
        #expect(health.since == start.addingTimeInterval(3))
    }

    @Test func consecutiveFailuresMarkDownAndASuccessResetsTheCount() {
        var health = MonitorHealth(failuresBeforeDown: 2)
        let transitions = feed(
            &health,
            [
                result(.up, 0), result(.down, 1), result(.up, 2), result(.down, 3), result(.down, 4, "timeout"),
                result(.down, 5),
            ])
        #expect(transitions.map { $0?.to } == [.up, nil, nil, nil, .down, nil])
        #expect(
            transitions[4]
                == MonitorTransition(from: .up, to: .down, at: start.addingTimeInterval(4), message: "timeout"))
        #expect(health.consecutiveFailures == 3)
        #expect(health.status == .down)
    }

    @Test func oneWarnBringsItBackUp() {
        var health = MonitorHealth(failuresBeforeDown: 1)
        let transitions = feed(&health, [result(.down, 1), result(.warn, 2, "certificate expires in 10 days")])
        #expect(transitions.map { $0?.to } == [.down, .up])
        #expect(transitions[1]?.from == .down)
        #expect(transitions[1]?.message == "certificate expires in 10 days")
        #expect(health.consecutiveFailures == 0)
    }

    @Test func aThresholdBelowOneActsAsOne() {
        var health = MonitorHealth(failuresBeforeDown: 0)
        let transitions = feed(&health, [result(.down, 1)])
        #expect(health.failuresBeforeDown == 1)
        #expect(transitions.map { $0?.to } == [.down])
    }
}
