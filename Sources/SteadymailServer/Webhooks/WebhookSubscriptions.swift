import Foundation
import SteadymailDomain
import SteadymailStorage

/// Creates, lists and removes webhook subscriptions, for the CLI (through the control socket or the database) and for
/// the HTTP API alike.
///
/// It exists so that both paths apply the same checks before anything is stored: a valid `http(s)` URL
/// (`WebhookURL`), an IP literal that the SSRF guard allows (names are resolved and vetted at every connection
/// instead), known event types, and a printable description. It issues the id and the signing secret.
public struct WebhookSubscriptions: Sendable {
    let store: any QueueStore
    let policy: TargetAddressPolicy

    public init(store: any QueueStore, allowPrivateTargets: Bool) {
        self.store = store
        self.policy = TargetAddressPolicy(allowPrivate: allowPrivateTargets)
    }

    /// Checks and stores a subscription; the returned record holds the secret, to be shown this once.
    public func create(url: String, events: [String], description: String?, now: Date) async throws -> WebhookRecord {
        let target: WebhookURL
        switch WebhookURL.parse(url) {
        case .success(let parsed): target = parsed
        case .failure(let error): throw WebhookRequestError(field: "url", message: error.reason)
        }
        if let address = target.literalAddress, let reason = policy.refusal(address) {
            let hint =
                TargetAddressPolicy.isOpenedByAllowingPrivate(address)
                ? "; set webhooks.allow_private_targets to allow it" : ", never a webhook target"
            throw WebhookRequestError(field: "url", message: "\(target.host) is \(reason)\(hint)")
        }
        let types: [WebhookEventType]
        switch WebhookEventType.parseList(events) {
        case .success(let parsed): types = parsed
        case .failure(let error):
            throw WebhookRequestError(
                field: error.index.map { "events[\($0)]" } ?? "events", message: error.description)
        }
        let text = description.flatMap { $0.isEmpty ? nil : $0 }
        if let text, text.count > 200 || text.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) {
            throw WebhookRequestError(field: "description", message: "must be at most 200 printable characters")
        }
        // Whole milliseconds, the precision the store keeps, so the record returned equals the one read back.
        let created = Date(timeIntervalSince1970: (now.timeIntervalSince1970 * 1000).rounded() / 1000)
        let record = WebhookRecord(
            id: Self.randomID(), url: url, events: types, description: text, secret: Self.randomSecret(),
            createdAt: created)
        try await store.createWebhook(record)
        return record
    }

    public func list() async throws -> [WebhookRecord] {
        try await store.webhooks()
    }

    /// Removes a subscription and what it is still owed; false when no webhook has this id.
    public func remove(id: String) async throws -> Bool {
        try await store.removeWebhook(id: id)
    }

    /// `wh_` and 16 lowercase base32 characters (80 random bits).
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        return "wh_" + String((0..<16).map { _ in alphabet[Int(generator.next(upperBound: UInt32(32)))] })
    }

    /// `whsec_` and 32 random bytes in base64url without padding.
    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "whsec_" + encoded
    }
}

/// A subscription request refused before anything was stored; `field` names the bad part (`url`, `events[1]`, ...).
public struct WebhookRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let field: String
    public let message: String

    public var description: String { "\(field): \(message)" }
}
