import Crypto
import Foundation
import SteadymailDomain
import SteadymailStorage

/// Issues API keys and checks presented ones against the stored hashes.
///
/// It exists so that the key text exists only once, in the answer to `steadymail apikey create`: the store keeps the
/// SHA-256 of a 256-bit random secret (a slow password hash adds nothing to a secret that cannot be guessed), and a
/// presented key is found by its public id and compared with that hash in constant time.
public struct APIKeys: Sendable {
    let store: any QueueStore

    public init(store: any QueueStore) {
        self.store = store
    }

    /// Creates and stores a key; the returned token is the only copy of the key text.
    public func create(name: String, scope: APIKeyScope, now: Date) async throws -> (APIKeyToken, APIKeyRecord) {
        let token = APIKeyToken.generate()
        // Whole milliseconds, the precision the store keeps, so the record returned equals the one read back.
        let created = Date(timeIntervalSince1970: (now.timeIntervalSince1970 * 1000).rounded() / 1000)
        let record = APIKeyRecord(
            id: token.id, name: name, scope: scope, hash: Self.hash(token.description), createdAt: created)
        try await store.createAPIKey(record)
        return (token, record)
    }

    /// The live key a bearer token names, or nil when the token is malformed, unknown, wrong or revoked.
    public func authenticate(_ presented: String) async throws -> APIKeyRecord? {
        guard let token = APIKeyToken(presented), let record = try await store.apiKey(id: token.id),
            record.revokedAt == nil
        else { return nil }
        let expected = Array(record.hash.utf8)
        let actual = Array(Self.hash(presented).utf8)
        guard expected.count == actual.count else { return nil }
        let difference = zip(expected, actual).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) }
        return difference == 0 ? record : nil
    }

    static func hash(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
