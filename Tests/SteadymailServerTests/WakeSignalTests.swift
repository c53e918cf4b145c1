import Foundation
import Testing

@testable import SteadymailServer

@Suite struct WakeSignalTests {
    private func timed(_ body: () async -> Void) async -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        await body()
        return clock.now - start
    }

    @Test func everyWaitWaitsItsTimeoutNotOnlyTheFirst() async {
        let wake = WakeSignal()
        for round in 0..<3 {
            let waited = await timed { await wake.wait(timeout: .milliseconds(100)) }
            #expect(waited >= .milliseconds(90), "wait \(round) returned after \(waited)")
        }
    }

    @Test func aSignalBeforeTheWaitIsRememberedOnce() async {
        let wake = WakeSignal()
        wake.signal()
        wake.signal()
        let first = await timed { await wake.wait(timeout: .seconds(5)) }
        let second = await timed { await wake.wait(timeout: .milliseconds(100)) }
        #expect(first < .seconds(1))
        #expect(second >= .milliseconds(90))
    }

    @Test func aSignalEndsAWaitEarlyAlsoAfterATimeout() async {
        let wake = WakeSignal()
        await wake.wait(timeout: .milliseconds(20))
        let signaller = Task {
            try? await Task.sleep(for: .milliseconds(100))
            wake.signal()
        }
        let waited = await timed { await wake.wait(timeout: .seconds(10)) }
        await signaller.value
        #expect(waited >= .milliseconds(90) && waited < .seconds(5), "waited \(waited)")
    }

    @Test func cancellationEndsAWait() async {
        let wake = WakeSignal()
        let waiter = Task { await wake.wait(timeout: .seconds(10)) }
        try? await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        let waited = await timed { await waiter.value }
        #expect(waited < .seconds(5))
    }
}
