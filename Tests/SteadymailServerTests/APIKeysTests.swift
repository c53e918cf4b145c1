import Foundation
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct APIKeysTests {
    private func withStore(_ body: (SQLiteQueueStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        try await body(store)
    }

    @Test func onlyTheHashIsStoredAndTheKeyAuthenticates() async throws {
        try await withStore { store in
            let keys = APIKeys(store: store)
            let (token, record) = try await keys.create(name: "shop", scope: .send, now: Date())
            let stored = try #require(try await store.apiKey(id: token.id))
            #expect(stored == record)
            #expect(stored.hash.count == 64 && !stored.hash.contains(token.secret))
            #expect(try await keys.authenticate(token.description) == record)
        }
    }

    @Test func wrongUnknownMalformedAndRevokedKeysFail() async throws {
        try await withStore { store in
            let keys = APIKeys(store: store)
            let (token, _) = try await keys.create(name: "shop", scope: .admin, now: Date())
            let wrongSecret = "sm_\(token.id)_" + String(repeating: "A", count: 43)
            let unknown = APIKeyToken.generate().description
            for presented in [wrongSecret, unknown, "not-a-key", ""] {
                #expect(try await keys.authenticate(presented) == nil, "\(presented)")
            }
            #expect(try await store.revokeAPIKey(id: token.id, now: Date()))
            #expect(try await keys.authenticate(token.description) == nil)
        }
    }
}
