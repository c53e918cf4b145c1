import Foundation
import SteadymailDomain
import SteadymailStorage

/// One address on the suppression list as `steadymail suppression list --json` and `/v1/suppressions` show it.
public struct SuppressionView: Codable, Sendable, Equatable {
    public var email: String
    /// `hard-bounce`, `complaint`, `unsubscribe` or `manual`.
    public var reason: String
    public var note: String?
    public var createdAt: String

    init(_ entry: Suppression) {
        email = entry.email
        reason = entry.reason.rawValue
        note = entry.note
        createdAt = InternetDate.rfc3339(entry.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case email, reason, note
        case createdAt = "created_at"
    }
}
