import Foundation
import SteadymailDomain
import SteadymailStorage

extension Audience {
    /// A page of suppression entries by address; `after` is the last address of the previous page.
    func suppressions(reason: String?, after: String?, limit: Int?) async throws -> [SuppressionView] {
        let query = SuppressionQuery(
            reason: try reason.map { text throws(AudienceError) in try Self.reason(text) }, after: after,
            limit: limit ?? Self.defaultLimit)
        guard (1...Self.maximumLimit).contains(query.limit) else {
            throw AudienceError.invalid(field: "limit", message: "must be between 1 and \(Self.maximumLimit)")
        }
        return try await store.suppressions(matching: query).map(SuppressionView.init)
    }

    /// How many addresses are suppressed for each reason, every reason present (zero when none).
    func suppressionCounts() async throws -> [String: Int] {
        let counts = try await store.suppressionCounts()
        return Dictionary(uniqueKeysWithValues: SuppressionReason.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
    }

    /// The suppression entry of an address.
    func suppression(email: String) async throws -> SuppressionView {
        guard let address = try? SubscriberEmail.normalised(email),
            let entry = try await store.suppression(email: address)
        else { throw AudienceError.notFound("\(email) is not suppressed") }
        return SuppressionView(entry)
    }

    /// Puts an address on the suppression list (`manual` unless told), replacing an entry it already has.
    func suppress(email: String, reason: String?, note: String?) async throws -> SuppressionView {
        let address = try Self.address(email, field: "email")
        let parsed = try reason.map { text throws(AudienceError) in try Self.reason(text) } ?? .manual
        if let note {
            guard note.count <= 1000, !Self.hasControlCharacter(note) else {
                throw AudienceError.invalid(field: "note", message: "must be one line of at most 1000 characters")
            }
        }
        let entry = Suppression(email: address, reason: parsed, note: note, createdAt: Date())
        try await store.suppress(entry)
        return SuppressionView(entry)
    }

    /// Takes an address off the suppression list.
    func unsuppress(email: String) async throws {
        guard let address = try? SubscriberEmail.normalised(email), try await store.removeSuppression(email: address)
        else { throw AudienceError.notFound("\(email) is not suppressed") }
    }

    static func reason(_ text: String) throws(AudienceError) -> SuppressionReason {
        guard let reason = SuppressionReason(rawValue: text) else {
            throw .invalid(field: "reason", message: "unknown reason \(text) (known: \(SuppressionReason.known))")
        }
        return reason
    }
}
