import Foundation
import SteadymailDomain
import SteadymailStorage

/// What `steadymail apikey create` and `revoke` send: a name and scope for a new key, or the id of one to revoke.
public struct APIKeyRequest: Codable, Sendable, Equatable {
    public var name: String
    public var scope: APIKeyScope?

    public init(name: String, scope: APIKeyScope? = nil) {
        self.name = name
        self.scope = scope
    }
}

/// An API key as `steadymail apikey list` shows it: never its hash.
public struct APIKeyView: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var scope: APIKeyScope
    public var createdAt: String
    public var revokedAt: String?

    init(_ record: APIKeyRecord) {
        self.id = record.id
        self.name = record.name
        self.scope = record.scope
        self.createdAt = InternetDate.rfc3339(record.createdAt)
        self.revokedAt = record.revokedAt.map(InternetDate.rfc3339)
    }

    enum CodingKeys: String, CodingKey {
        case id, name, scope
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }
}
