import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct RelayOutcomeWindowTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    @Test func anEmptyWindowHasNoRatio() {
        let tally = RelayOutcomeWindow().tally(over: 300, now: start)
        #expect(tally == RelayOutcomeWindow.Tally(transactions: 0, failures: 0))
        #expect(tally.ratio == nil)
    }

    @Test func countsTransactionsAndFailuresWithinTheWindow() {
        var window = RelayOutcomeWindow()
        window.record(failed: false, at: at(0))
        window.record(failed: true, at: at(10))
        window.record(failed: true, at: at(10.5))
        window.record(failed: false, at: at(200))
        let tally = window.tally(over: 300, now: at(250))
        #expect(tally == RelayOutcomeWindow.Tally(transactions: 4, failures: 2))
        #expect(tally.ratio == 0.5)
    }

    @Test func outcomesOlderThanTheWindowNoLongerCount() {
        var window = RelayOutcomeWindow()
        window.record(failed: true, at: at(0))
        window.record(failed: true, at: at(1))
        window.record(failed: false, at: at(100))
        #expect(window.tally(over: 300, now: at(299)).transactions == 3)
        #expect(window.tally(over: 300, now: at(300)) == RelayOutcomeWindow.Tally(transactions: 2, failures: 1))
        #expect(window.tally(over: 300, now: at(301)) == RelayOutcomeWindow.Tally(transactions: 1, failures: 0))
        #expect(window.tally(over: 60, now: at(120)).ratio == 0)
    }

    @Test func bucketsOlderThanTheRetentionAreDropped() {
        var window = RelayOutcomeWindow(retention: 60)
        for second in 0..<1_000 { window.record(failed: second.isMultiple(of: 2), at: at(Double(second))) }
        #expect(window.buckets.count <= 61)
        #expect(window.tally(over: 3_600, now: at(999)) == RelayOutcomeWindow.Tally(transactions: 60, failures: 30))
    }

    @Test func aClockSteppingBackCountsInTheLastSecondSeen() {
        var window = RelayOutcomeWindow()
        window.record(failed: false, at: at(50))
        window.record(failed: true, at: at(40))
        #expect(window.buckets.count == 1)
        #expect(window.tally(over: 5, now: at(50)) == RelayOutcomeWindow.Tally(transactions: 2, failures: 1))
    }
}
