import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

extension AudienceTests {
    @Test func suppressingNormalisesTheAddressAndDefaultsToManual() async throws {
        try await withAudience { audience, store, _ in
            let entry = try await audience.suppress(email: " <Ada@Example.ORG> ", reason: nil, note: "by phone")
            #expect(entry.email == "ada@example.org" && entry.reason == "manual" && entry.note == "by phone")
            #expect(try await store.suppression(email: "ada@example.org")?.reason == .manual)
            _ = try await audience.suppress(email: "bob@example.org", reason: "complaint", note: nil)
            #expect(
                try await audience.suppressions(reason: "complaint", after: nil, limit: nil).map(\.email) == [
                    "bob@example.org"
                ])
            #expect(
                try await audience.suppressionCounts() == [
                    "hard-bounce": 0, "complaint": 1, "unsubscribe": 0, "manual": 1,
                ])
            try await audience.unsuppress(email: "ADA@example.org")
            #expect(try await store.suppression(email: "ada@example.org") == nil)
        }
    }

    @Test func unknownReasonsBadAddressesAndMissingEntriesAreRefused() async throws {
        try await withAudience { audience, store, _ in
            await #expect(
                throws: AudienceError.invalid(
                    field: "reason",
                    message: "unknown reason bounce (known: hard-bounce, complaint, unsubscribe, manual)")
            ) {
                _ = try await audience.suppress(email: "a@example.org", reason: "bounce", note: nil)
            }
            await #expect(throws: AudienceError.self) {
                _ = try await audience.suppress(email: "not an address", reason: nil, note: nil)
            }
            await #expect(throws: AudienceError.self) {
                _ = try await audience.suppress(email: "a@example.org", reason: nil, note: "two\nlines")
            }
            await #expect(throws: AudienceError.self) {
                _ = try await audience.suppressions(reason: "spam", after: nil, limit: nil)
            }
            await #expect(throws: AudienceError.notFound("a@example.org is not suppressed")) {
                try await audience.unsuppress(email: "a@example.org")
            }
            let counts = try await store.suppressionCounts()
            #expect(counts.isEmpty, "a refusal writes nothing")
        }
    }
}
