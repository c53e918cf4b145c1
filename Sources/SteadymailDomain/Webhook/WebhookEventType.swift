import Foundation

/// The kinds of recipient events a webhook can subscribe to. The raw values are the `type` of each event's JSON and the
/// names `steadymail webhook add --events` and the API accept.
///
/// It exists so that a subscriber hears about what happened to its mail (delivered, bounced, deferred, expired, a delay
/// warning, an operator's hold, release or deletion, and the arrival itself), and not about Steadymail's internal
/// bookkeeping: claims, lease returns and postponements while no relay is free have no event type.
public enum WebhookEventType: String, Sendable, Codable, CaseIterable, Comparable {
    /// Accepted into the queue (one event per recipient).
    case queued
    /// The relay accepted the recipient with a 2xx reply.
    case delivered
    /// The relay refused the recipient for good (5xx).
    case bounced
    /// A delivery attempt failed temporarily (4xx, or an unanswered final dot); another attempt follows.
    case deferred
    /// Undelivered after `delivery.delay_warning`; the recipient keeps waiting.
    case delayed
    /// An operator held the recipient (`steadymail queue hold`).
    case held
    /// An operator released a held recipient (`steadymail queue release`).
    case released
    /// The recipient gave up: its deadline or `delivery.max_age` passed.
    case expired
    /// An operator deleted the recipient (`steadymail queue delete`).
    case deleted

    /// Declaration order, so that lists print the same way everywhere.
    public static func < (lhs: WebhookEventType, rhs: WebhookEventType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a list of event names (`delivered,bounced` or an array of names); the error names the first bad one.
    public static func parseList(_ names: [String]) -> Result<[WebhookEventType], WebhookEventListError> {
        var types = Set<WebhookEventType>()
        for (index, name) in names.enumerated() {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let type = WebhookEventType(rawValue: trimmed.lowercased()) else {
                return .failure(WebhookEventListError(index: index, name: trimmed))
            }
            types.insert(type)
        }
        guard !types.isEmpty else { return .failure(WebhookEventListError(index: nil, name: "")) }
        return .success(types.sorted())
    }
}

/// An event list that names an unknown event, or none at all.
public struct WebhookEventListError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The position of the unknown name; nil when the list was empty.
    public let index: Int?
    public let name: String

    public var description: String {
        let allowed = WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ")
        guard index != nil else { return "at least one event type is needed; allowed: \(allowed)" }
        return "unknown event type \"\(name)\"; allowed: \(allowed)"
    }
}
