import Foundation
import SteadymailDomain

/// One API key as stored: never the key itself, only its SHA-256 hash, with its name, scope and life.
///
/// It exists so that the HTTP API can authenticate a bearer key and an operator can list and revoke keys, while a
/// copy of the database gives an attacker no usable key.
public struct APIKeyRecord: Sendable, Equatable, Codable {
    /// The public part of the key (`sm_<id>_...`).
    public var id: String
    public var name: String
    public var scope: APIKeyScope
    /// Lowercase hex SHA-256 of the whole key text.
    public var hash: String
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, name: String, scope: APIKeyScope, hash: String, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.scope = scope
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, scope, hash
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}
