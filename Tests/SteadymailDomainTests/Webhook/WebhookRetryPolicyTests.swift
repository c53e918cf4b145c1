import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct WebhookRetryPolicyTests {
    let policy = WebhookRetryPolicy(initial: .seconds(10), maximum: .seconds(3600), maxAge: .seconds(3 * 86_400))

    @Test func ceilingDoublesUpToTheMaximum() {
        #expect(policy.ceiling(afterAttempts: 1) == .seconds(10))
        #expect(policy.ceiling(afterAttempts: 2) == .seconds(20))
        #expect(policy.ceiling(afterAttempts: 5) == .seconds(160))
        #expect(policy.ceiling(afterAttempts: 9) == .seconds(2560))
        #expect(policy.ceiling(afterAttempts: 10) == .seconds(3600))
        #expect(policy.ceiling(afterAttempts: 10_000) == .seconds(3600))
    }

    @Test func delaysStayBetweenHalfTheCeilingAndTheCeiling() {
        var rng = SeededGenerator(seed: 7)
        for attempts in 1...12 {
            let ceiling = policy.ceiling(afterAttempts: attempts)
            var seen = Set<Int64>()
            for _ in 0..<200 {
                let delay = policy.delay(afterAttempts: attempts, using: &rng)
                #expect(delay >= ceiling / 2 && delay <= ceiling, "attempt \(attempts): \(delay)")
                seen.insert(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)
            }
            #expect(seen.count > 50, "delays are not jittered")
        }
    }

    @Test func failureBeforeTheDeadlineIsRetried() {
        var rng = SeededGenerator(seed: 1)
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let now = created.addingTimeInterval(60)
        guard case .retry(let at) = policy.afterFailure(attempts: 3, createdAt: created, now: now, using: &rng) else {
            Issue.record("not retried")
            return
        }
        #expect(at >= now.addingTimeInterval(20) && at <= now.addingTimeInterval(40))
    }

    @Test func failureAtOrAfterMaxAgeGivesUp() {
        var rng = SeededGenerator(seed: 1)
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        let deadline = created.addingTimeInterval(3 * 86_400)
        #expect(policy.deadline(createdAt: created) == deadline)
        #expect(policy.afterFailure(attempts: 40, createdAt: created, now: deadline, using: &rng) == .giveUp)
        #expect(
            policy.afterFailure(attempts: 1, createdAt: created, now: deadline.addingTimeInterval(1), using: &rng)
                == .giveUp)
        #expect(
            policy.afterFailure(attempts: 40, createdAt: created, now: deadline.addingTimeInterval(-1), using: &rng)
                != .giveUp)
    }
}
