import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func feedbackIsStoredOnceAndCounted(_ store: any QueueStore) async throws {
        let hard = FeedbackEvent(
            kind: .hardBounce, source: .dsn, email: "a@example.org", campaignID: 1, subscriberID: 10,
            status: "5.1.1", detail: "no such user", at: at(1), dedupeKey: "dsn:1:a@example.org")
        let first = try await store.insertFeedback(hard)
        #expect(first != nil)
        #expect(try await store.insertFeedback(hard) == nil)
        _ = try await store.insertFeedback(
            FeedbackEvent(kind: .complaint, source: .arf, email: "b@example.org", campaignID: 1, at: at(2)))
        _ = try await store.insertFeedback(
            FeedbackEvent(kind: .complaint, source: .ses, email: "c@example.org", campaignID: 1, at: at(3)))
        // Without a dedupe key nothing is ever a duplicate.
        _ = try await store.insertFeedback(
            FeedbackEvent(kind: .complaint, source: .ses, email: "c@example.org", campaignID: 1, at: at(3)))
        _ = try await store.insertFeedback(
            FeedbackEvent(kind: .softBounce, source: .delivery, email: "d@example.org", campaignID: 2, at: at(4)))
        #expect(try await store.feedbackCounts(campaign: 1) == [.hardBounce: 1, .complaint: 3])
        #expect(try await store.feedbackCounts(campaign: 2) == [.softBounce: 1])
    }
}
