import Foundation

/// The addresses feedback comes back to: the VERP return path `bounces+<token>@<feedback.bounce_domain>` of each
/// campaign message and its mailto unsubscribe address `unsubscribe+<token>@<feedback.unsubscribe_domain>`.
///
/// It exists so that the message builder, which writes these addresses, and the local mail consumer, which reads them
/// back, agree on one spelling. Either domain may be absent; then that address is not used (the envelope sender stays
/// the campaign's From address; `List-Unsubscribe` carries only the https link).
public struct FeedbackAddresses: Sendable {
    static let bouncePrefix = "bounces+"
    static let unsubscribePrefix = "unsubscribe+"

    let tokens: FeedbackToken
    /// Lowercased `feedback.bounce_domain`.
    let bounceDomain: String?
    /// Lowercased `feedback.unsubscribe_domain`.
    let unsubscribeDomain: String?

    public init(tokens: FeedbackToken, bounceDomain: String?, unsubscribeDomain: String?) {
        self.tokens = tokens
        self.bounceDomain = bounceDomain?.lowercased()
        self.unsubscribeDomain = unsubscribeDomain?.lowercased()
    }

    /// The envelope sender of `subscriberID`'s message in `campaignID`; nil without a bounce domain.
    func returnPath(campaignID: Int64, subscriberID: Int64) -> String? {
        guard let bounceDomain else { return nil }
        let token = tokens.token(.bounce, campaignID: campaignID, subscriberID: subscriberID)
        return "\(Self.bouncePrefix)\(token)@\(bounceDomain)"
    }

    /// The `mailto:` URI of `List-Unsubscribe` for `subscriberID` in `campaignID`; nil without an unsubscribe domain.
    func unsubscribeMailto(campaignID: Int64, subscriberID: Int64) -> String? {
        guard let unsubscribeDomain else { return nil }
        let token = tokens.token(.unsubscribe, campaignID: campaignID, subscriberID: subscriberID)
        return "mailto:\(Self.unsubscribePrefix)\(token)@\(unsubscribeDomain)?subject=unsubscribe"
    }

    /// What a local recipient is to the feedback consumer.
    enum Recipient: Equatable {
        /// `bounces+<token>@<bounce domain>`, the token not yet verified.
        case verp(token: String)
        /// Any other address at the bounce domain (`fbl@`, `abuse@`): a feedback loop's reports.
        case bounceDomain
        /// `unsubscribe+<token>@<unsubscribe domain>`, the token not yet verified.
        case unsubscribe(token: String)
        /// Not a feedback address.
        case other
    }

    /// Classifies `address` (an envelope recipient); the local part's prefix is matched case-insensitively.
    func classify(_ address: String) -> Recipient {
        guard let at = address.lastIndex(of: "@") else { return .other }
        let local = address[..<at].lowercased()
        let domain = address[address.index(after: at)...].lowercased()
        if domain == unsubscribeDomain, local.hasPrefix(Self.unsubscribePrefix) {
            return .unsubscribe(token: String(local.dropFirst(Self.unsubscribePrefix.count)))
        }
        if domain == bounceDomain {
            if local.hasPrefix(Self.bouncePrefix) {
                return .verp(token: String(local.dropFirst(Self.bouncePrefix.count)))
            }
            return .bounceDomain
        }
        return .other
    }

    /// The bounce token of a VERP return path (`<bounces+TOKEN@domain>`, with or without angle brackets) at any
    /// domain: a feedback loop's report may name the return path as the original message had it.
    static func verpToken(in returnPath: String) -> String? {
        var address = returnPath.trimmingCharacters(in: .whitespaces)
        if address.hasPrefix("<"), address.hasSuffix(">") { address = String(address.dropFirst().dropLast()) }
        guard let at = address.lastIndex(of: "@") else { return nil }
        let local = address[..<at].lowercased()
        guard local.hasPrefix(bouncePrefix) else { return nil }
        return String(local.dropFirst(bouncePrefix.count))
    }
}
