import Foundation

/// The open pixel and click links of a tracked campaign message: `<http.public_url>/t/o/<token>` and
/// `<http.public_url>/t/c/<token>`, the tokens `LinkSigner` tokens for the purposes `open` (campaign, subscriber) and
/// `click` (campaign, subscriber, stored link id).
///
/// It exists so that the campaign runner and the public listener agree on one form of link, and so that a click
/// link names a stored target by id and never carries a URL: the redirector can only send a browser to a link that
/// the campaign's own HTML held, so it is no open redirect. Its tokens do not expire, like the unsubscribe links: a
/// message read years later still shows and links correctly, and a token only ever counts one open or one click of
/// its own subscriber in its own campaign, which that recipient could do anyway.
public struct TrackingLinks: Sendable {
    /// 3000-01-01T00:00:00Z: in effect, never.
    static let expiry = Date(timeIntervalSince1970: 32_503_680_000)

    let signer: LinkSigner
    /// `http.public_url`; nil when neither it nor `http.public_listen` is set, and then nothing is tracked.
    let publicURL: String?

    /// What a valid open token names.
    public struct Open: Sendable, Equatable {
        public var campaignID: Int64
        public var subscriberID: Int64
    }

    /// What a valid click token names.
    public struct Click: Sendable, Equatable {
        public var campaignID: Int64
        public var subscriberID: Int64
        public var linkID: Int64
    }

    public init(signer: LinkSigner, publicURL: String?) {
        self.signer = signer
        self.publicURL = publicURL
    }

    /// The pixel's URL for `subscriberID` in `campaignID`'s mail; nil without a public URL.
    func openURL(campaignID: Int64, subscriberID: Int64) -> String? {
        guard let publicURL else { return nil }
        return "\(publicURL)/t/o/" + signer.token(.open, ids: [campaignID, subscriberID], expires: Self.expiry)
    }

    /// The click URL of stored link `linkID` for `subscriberID` in `campaignID`'s mail; nil without a public URL.
    func clickURL(campaignID: Int64, subscriberID: Int64, linkID: Int64) -> String? {
        guard let publicURL else { return nil }
        return "\(publicURL)/t/c/"
            + signer.token(.click, ids: [campaignID, subscriberID, linkID], expires: Self.expiry)
    }

    /// Whose open a token counts, if it is a genuine open token.
    func verifyOpen(_ token: String, now: Date) throws(LinkSigner.Refusal) -> Open {
        let claims = try signer.verify(token, purpose: .open, now: now)
        guard claims.ids.count == 2 else { throw .malformed }
        return Open(campaignID: claims.ids[0], subscriberID: claims.ids[1])
    }

    /// Whose click on which stored link a token counts, if it is a genuine click token.
    func verifyClick(_ token: String, now: Date) throws(LinkSigner.Refusal) -> Click {
        let claims = try signer.verify(token, purpose: .click, now: now)
        guard claims.ids.count == 3 else { throw .malformed }
        return Click(campaignID: claims.ids[0], subscriberID: claims.ids[1], linkID: claims.ids[2])
    }
}
