import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

extension SendServiceTests {
    private func suppress(_ email: String, _ reason: SuppressionReason, in fixture: Fixture) async throws {
        try await fixture.store.suppress(Suppression(email: email, reason: reason, createdAt: Date()))
    }

    @Test func aHardBouncedOrComplainingRecipientIsRefusedByField() async throws {
        try await withService { fixture in
            try await suppress("bob@example.org", .hardBounce, in: fixture)
            try await suppress("cy@example.org", .complaint, in: fixture)
            // Case does not matter: the list holds the lowercased address.
            let refusal = await fixture.refusal(
                #"{"from": "shop@example.com", "to": ["ada@example.org"], "cc": ["Bob@Example.ORG"], "subject": "Hi", "text": "x"}"#
            )
            #expect(refusal?.status == .unprocessableContent)
            #expect(refusal?.code == "suppressed")
            #expect(refusal?.field == "cc[0]")
            #expect(refusal?.message == "cc[0]: bob@example.org is on the suppression list (hard-bounce)")
            let raw = await fixture.refusal(
                .raw,
                #"{"envelope": {"from": "shop@example.com", "to": ["ada@example.org", "cy@example.org"]}, "raw": "Subject: x\r\n\r\nx\r\n"}"#
            )
            #expect(raw?.code == "suppressed")
            #expect(raw?.field == "envelope.to[1]")
            #expect(try await fixture.queued() == 0)
        }
    }

    @Test func unsubscribedAndManualEntriesDoNotStopTransactionalMail() async throws {
        try await withService { fixture in
            try await suppress("ada@example.org", .unsubscribe, in: fixture)
            try await suppress("bob@example.org", .manual, in: fixture)
            let (status, _) = try await fixture.send(Self.message)
            #expect(status == 202)
            #expect(try await fixture.queued() == 2, "both recipients are queued")
        }
    }

    @Test func aBatchRefusesOnlyTheItemWithASuppressedRecipient() async throws {
        try await withService { fixture in
            try await suppress("gone@example.org", .hardBounce, in: fixture)
            let json = """
                {"messages": [
                  {"from": "shop@example.com", "to": ["a@example.org", "gone@example.org"], "subject": "x", "text": "x"},
                  {"from": "shop@example.com", "to": ["c@example.org"], "subject": "x", "text": "x"}]}
                """
            let (status, answer) = try await fixture.send(.batch, json)
            #expect(status == 200)
            let results = try #require(answer["results"] as? [[String: Any]])
            #expect(results.map { $0["status"] as? Int } == [422, 202])
            let error = try #require(results[0]["error"] as? [String: String])
            #expect(
                error == [
                    "code": "suppressed", "field": "to[1]",
                    "message": "to[1]: gone@example.org is on the suppression list (hard-bounce)",
                ])
            #expect(try await fixture.queued() == 1)
        }
    }
}
