import Foundation

/// The one-click unsubscribe link of a campaign message: `<http.public_url>/unsubscribe/<token>`, the token a
/// `LinkSigner` token for the purpose `unsubscribe` naming the campaign and the subscriber.
///
/// It exists so that the message builder and the public listener agree on one link. Its tokens do not expire (they
/// are signed valid until the year 3000): a recipient may unsubscribe from a mail years old, and a link that stopped
/// working would leave them only the spam button. Unsubscribing is idempotent and names only its own subscriber, so
/// a token that lives forever gives nobody more than that one recipient already had.
public struct UnsubscribeLinks: Sendable {
    /// 3000-01-01T00:00:00Z: in effect, never.
    static let expiry = Date(timeIntervalSince1970: 32_503_680_000)

    let signer: LinkSigner
    /// `http.public_url`; nil when neither it nor `http.public_listen` is set, and then campaigns cannot start.
    let publicURL: String?

    /// Whom a valid token unsubscribes, and from which campaign's mail it came.
    public struct Target: Sendable, Equatable {
        public var campaignID: Int64
        public var subscriberID: Int64
    }

    public init(signer: LinkSigner, publicURL: String?) {
        self.signer = signer
        self.publicURL = publicURL
    }

    /// The https (or http) link for `subscriberID` in `campaignID`'s mail; nil without a public URL.
    func url(campaignID: Int64, subscriberID: Int64) -> String? {
        guard let publicURL else { return nil }
        return "\(publicURL)/unsubscribe/\(token(campaignID: campaignID, subscriberID: subscriberID))"
    }

    func token(campaignID: Int64, subscriberID: Int64) -> String {
        signer.token(.unsubscribe, ids: [campaignID, subscriberID], expires: Self.expiry)
    }

    /// The subscriber a token names, if it is a genuine unsubscribe token.
    func verify(_ token: String, now: Date) throws(LinkSigner.Refusal) -> Target {
        let claims = try signer.verify(token, purpose: .unsubscribe, now: now)
        guard claims.ids.count == 2 else { throw .malformed }
        return Target(campaignID: claims.ids[0], subscriberID: claims.ids[1])
    }
}
