import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct ExpiryPolicyTests {
    let received = Date(timeIntervalSince1970: 1_800_000_000)
    let fiveDays = 5.0 * 86_400

    @Test func withoutADeadlineTheMaximumAgeApplies() {
        let expiry = ExpiryPolicy().expiry(receivedAt: received, deliverBy: nil)
        #expect(expiry.at == received.addingTimeInterval(fiveDays))
        #expect(expiry.reason == .maxAge)
    }

    @Test func anEarlierDeadlineWins() {
        let deadline = received.addingTimeInterval(600)
        let expiry = ExpiryPolicy().expiry(receivedAt: received, deliverBy: deadline)
        #expect(expiry.at == deadline)
        #expect(expiry.reason == .deadline)
    }

    @Test func aDeadlineBeyondTheMaximumAgeDoesNotExtendIt() {
        let expiry = ExpiryPolicy(maxAge: .seconds(3600))
            .expiry(receivedAt: received, deliverBy: received.addingTimeInterval(7200))
        #expect(expiry.at == received.addingTimeInterval(3600))
        #expect(expiry.reason == .maxAge)
    }

    @Test func aTieNamesTheDeadline() {
        let expiry = ExpiryPolicy(maxAge: .seconds(60))
            .expiry(receivedAt: received, deliverBy: received.addingTimeInterval(60))
        #expect(expiry.reason == .deadline)
    }

    @Test func isExpiredFromTheExpiryMomentOn() {
        let policy = ExpiryPolicy(maxAge: .seconds(100))
        let deadline = received.addingTimeInterval(50)
        #expect(
            policy.isExpired(receivedAt: received, deliverBy: deadline, now: received.addingTimeInterval(49)) == nil)
        #expect(
            policy.isExpired(receivedAt: received, deliverBy: deadline, now: received.addingTimeInterval(50))
                == .deadline)
        #expect(policy.isExpired(receivedAt: received, deliverBy: nil, now: received.addingTimeInterval(99)) == nil)
        #expect(
            policy.isExpired(receivedAt: received, deliverBy: nil, now: received.addingTimeInterval(100)) == .maxAge)
    }

    @Test func reasonsUseTheStoredNames() {
        #expect(
            ExpiryReason.allCases.map(\.rawValue) == ["deadline", "max_age", "deleted", "unsubscribed", "suppressed"])
    }
}
