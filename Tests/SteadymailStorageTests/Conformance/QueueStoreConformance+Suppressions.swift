import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func suppressionsAreListedByAddressAndFiltered(_ store: any QueueStore) async throws {
        let entries: [(String, SuppressionReason)] = [
            ("d@example.org", .manual), ("a@example.org", .hardBounce), ("c@example.org", .complaint),
            ("b@example.org", .hardBounce), ("e@example.org", .unsubscribe),
        ]
        for (index, (email, reason)) in entries.enumerated() {
            try await store.suppress(
                Suppression(email: email, reason: reason, note: index == 0 ? "asked by phone" : nil, createdAt: at(1)))
        }
        let first = try await store.suppressions(matching: SuppressionQuery(limit: 2))
        #expect(first.map(\.email) == ["a@example.org", "b@example.org"])
        let rest = try await store.suppressions(matching: SuppressionQuery(after: "b@example.org", limit: 10))
        #expect(rest.map(\.email) == ["c@example.org", "d@example.org", "e@example.org"])
        #expect(
            rest[1] == Suppression(email: "d@example.org", reason: .manual, note: "asked by phone", createdAt: at(1)))
        let bounced = try await store.suppressions(matching: SuppressionQuery(reason: .hardBounce, limit: 10))
        #expect(bounced.map(\.email) == ["a@example.org", "b@example.org"])
        #expect(
            try await store.suppressions(matching: SuppressionQuery(reason: .hardBounce, after: "a@example.org"))
                .map(\.email) == ["b@example.org"])
        #expect(
            try await store.suppressionCounts() == [.hardBounce: 2, .complaint: 1, .manual: 1, .unsubscribe: 1])
    }

    static func removingASuppression(_ store: any QueueStore) async throws {
        try await store.suppress(Suppression(email: "a@example.org", reason: .complaint, createdAt: at(0)))
        // Suppressing again replaces the entry: the newest reason counts.
        try await store.suppress(Suppression(email: "a@example.org", reason: .manual, note: "n", createdAt: at(2)))
        #expect(try await store.suppression(email: "a@example.org")?.reason == .manual)
        #expect(try await store.suppressionCounts() == [.manual: 1])
        #expect(try await store.removeSuppression(email: "a@example.org"))
        #expect(try await store.suppression(email: "a@example.org") == nil)
        #expect(try await !store.removeSuppression(email: "a@example.org"))
        #expect(try await store.suppressionCounts().isEmpty)
        #expect(try await store.suppressions(matching: SuppressionQuery()).isEmpty)
    }
}
