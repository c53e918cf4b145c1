import Testing

@testable import SteadymailDomain

@Suite struct RetryScheduleTests {
    @Test func ceilingGrowsExponentiallyUpToTheMaximum() {
        let schedule = RetrySchedule()
        #expect(schedule.ceiling(forAttempt: 1) == .seconds(60))
        #expect(schedule.ceiling(forAttempt: 2) == .seconds(120))
        #expect(schedule.ceiling(forAttempt: 6) == .seconds(1920))
        #expect(schedule.ceiling(forAttempt: 7) == .seconds(3600))
        #expect(schedule.ceiling(forAttempt: 10_000) == .seconds(3600))
    }

    @Test func attemptsBelowOneCountAsTheFirstRetry() {
        #expect(RetrySchedule().ceiling(forAttempt: 0) == .seconds(60))
        #expect(RetrySchedule().ceiling(forAttempt: -3) == .seconds(60))
    }

    @Test func delayIsFullyJitteredWithinTheCeiling() {
        let schedule = RetrySchedule(initial: .seconds(10), factor: 3, maximum: .seconds(100))
        var rng = SeededGenerator(seed: 7)
        for attempt in 1...6 {
            let delays = (0..<500).map { _ in schedule.delay(forAttempt: attempt, using: &rng) }
            let ceiling = schedule.ceiling(forAttempt: attempt)
            #expect(delays.allSatisfy { $0 >= .zero && $0 <= ceiling })
            #expect(delays.contains { $0 < ceiling / 4 })
            #expect(delays.contains { $0 > ceiling * 3 / 4 })
        }
    }

    @Test func sameSeedGivesTheSameDelays() {
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        let schedule = RetrySchedule()
        #expect(schedule.delay(forAttempt: 3, using: &first) == schedule.delay(forAttempt: 3, using: &second))
    }
}
