import SteadymailDomain
import Testing

@Suite struct SuppressionReasonTests {
    @Test func reasonsAreParsedByTheirStoredSpelling() {
        #expect(SuppressionReason(rawValue: "hard-bounce") == .hardBounce)
        #expect(SuppressionReason(rawValue: "complaint") == .complaint)
        #expect(SuppressionReason(rawValue: "unsubscribe") == .unsubscribe)
        #expect(SuppressionReason(rawValue: "manual") == .manual)
        #expect(SuppressionReason(rawValue: "hard_bounce") == nil)
        #expect(SuppressionReason(rawValue: "Manual") == nil)
        #expect(SuppressionReason.known == "hard-bounce, complaint, unsubscribe, manual")
    }

    @Test func onlyHardBouncesAndComplaintsStopTransactionalMail() {
        #expect(SuppressionReason.allCases.filter(\.stopsTransactionalMail) == [.hardBounce, .complaint])
    }
}
