import SteadymailDomain
import Testing

@Suite struct ReputationThresholdTests {
    let thresholds = ReputationThresholds(
        hardBouncePause: 0.05, hardBounceMinAttempts: 200, complaintWarn: 0.001, complaintPause: 0.002,
        complaintMinDelivered: 1000)

    @Test func hardBouncesPauseOnlyStrictlyOverTheRateOfEnoughAttempts() {
        #expect(thresholds.verdict(ReputationCounts(delivered: 189, hardBounces: 10)) == .healthy)
        #expect(thresholds.verdict(ReputationCounts(delivered: 189, hardBounces: 11)) == .pause(.hardBounces))
        #expect(thresholds.verdict(ReputationCounts(delivered: 190, hardBounces: 10)) == .healthy)
        #expect(ReputationCounts(delivered: 189, hardBounces: 11).hardBounceRate == 0.055)
    }

    @Test func complaintsWarnThenPauseOfEnoughDelivered() {
        #expect(thresholds.verdict(ReputationCounts(delivered: 1000, complaints: 1)) == .warn(.complaints))
        #expect(thresholds.verdict(ReputationCounts(delivered: 1000, complaints: 2)) == .pause(.complaints))
        #expect(thresholds.verdict(ReputationCounts(delivered: 999, complaints: 5)) == .healthy)
        #expect(thresholds.verdict(ReputationCounts(delivered: 2000, complaints: 1)) == .healthy)
    }

    @Test func deferralsAndExpiriesAreNoAttempts() {
        // Only delivered and hard-bounced recipients are attempts: an outage adds neither.
        let counts = ReputationCounts(delivered: 0, hardBounces: 0, complaints: 0)
        #expect(counts.attempts == 0 && counts.hardBounceRate == 0)
        #expect(thresholds.verdict(counts) == .healthy)
    }
}
