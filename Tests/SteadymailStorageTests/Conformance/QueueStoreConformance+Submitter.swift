import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    /// A claimed recipient names the API key its message came with, for `routes[].api_key`; an SMTP AUTH user of the
    /// same name is not an API key.
    static func claimedRecipientsNameTheirAPIKey(_ store: any QueueStore) async throws {
        var viaAPI = message(1, receivedAt: at(0))
        viaAPI.origin = "api aaaaaaaaaaaaaaaa"
        viaAPI.submitter = "shop"
        var viaSMTP = message(2, receivedAt: at(1))
        viaSMTP.submitter = "shop"
        try await store.enqueue([viaAPI, viaSMTP])
        let claimed = try await store.claim(now: at(2), limit: 10, owner: "w", leaseUntil: at(600))
        #expect(claimed.map(\.record.apiKey) == ["shop", nil])
    }
}
