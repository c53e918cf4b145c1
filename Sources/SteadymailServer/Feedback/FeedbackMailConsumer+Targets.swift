import Foundation
import SteadymailDomain

extension FeedbackMailConsumer {
    /// The campaign and subscriber an ARF report is about, tried in order of trust: the VERP token of the original
    /// return path (`Original-Mail-From`, else the original `Return-Path`), the token of the original
    /// `List-Unsubscribe` (the https link or the mailto address), and last `X-Steadymail-Campaign` with the reported
    /// recipient (`Original-Rcpt-To`, else the original `To`), which names the subscriber by address only. Nil when
    /// nothing ties the report to one of our subscribers.
    func target(of report: FeedbackReport) async -> FeedbackTarget? {
        let returnPaths = [report.originalMailFrom, report.originalHeader("Return-Path")].compactMap { $0 }
        for path in returnPaths {
            guard let token = FeedbackAddresses.verpToken(in: path),
                let claims = try? addresses.tokens.verify(token, purpose: .bounce)
            else { continue }
            if let target = await target(claims) { return target }
        }
        for uri in Self.uris(in: report.originalHeader("List-Unsubscribe") ?? "") {
            if let claims = unsubscribeClaims(uri), let target = await target(claims) { return target }
        }
        guard let campaign = report.originalHeader("X-Steadymail-Campaign").flatMap({ Int64($0) }),
            let email = (report.originalRecipients + [report.originalHeader("To").map(Self.bareAddress) ?? ""])
                .first(where: { $0.contains("@") })
        else { return nil }
        let subscriber = try? await store.subscriber(email: email)
        return FeedbackTarget(campaignID: campaign, subscriberID: subscriber?.id, email: subscriber?.email ?? email)
    }

    private func target(_ claims: FeedbackToken.Claims) async -> FeedbackTarget? {
        guard let subscriber = try? await store.subscriber(id: claims.subscriberID) else { return nil }
        return FeedbackTarget(claims: claims, email: subscriber.email)
    }

    /// The campaign and subscriber of an unsubscribe URI of ours: `https://.../unsubscribe/<link token>` or
    /// `mailto:unsubscribe+<token>@...`.
    private func unsubscribeClaims(_ uri: String) -> FeedbackToken.Claims? {
        if uri.lowercased().hasPrefix("mailto:") {
            let address = uri.dropFirst("mailto:".count).prefix { $0 != "?" }
            guard case .unsubscribe(let token) = addresses.classify(String(address)) else { return nil }
            return try? addresses.tokens.verify(token, purpose: .unsubscribe)
        }
        guard let range = uri.range(of: "/unsubscribe/") else { return nil }
        let token = uri[range.upperBound...].prefix { $0 != "?" && $0 != "#" && $0 != "/" }
        guard let found = try? links.verify(String(token), now: clock()) else { return nil }
        return FeedbackToken.Claims(campaignID: found.campaignID, subscriberID: found.subscriberID)
    }

    /// The URIs of a `List-Unsubscribe` value: `<a>, <b>`.
    static func uris(in value: String) -> [String] {
        value.split(separator: "<").compactMap { piece in
            piece.firstIndex(of: ">").map { String(piece[..<$0]).trimmingCharacters(in: .whitespaces) }
        }
    }

    /// `Name <user@example.org>` → `user@example.org`.
    static func bareAddress(_ value: String) -> String {
        guard let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close else {
            return value.trimmingCharacters(in: .whitespaces)
        }
        return String(value[value.index(after: open)..<close])
    }
}
