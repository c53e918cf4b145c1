import SteadymailDomain
import SteadymailStorage

/// Adds tracking to one rendered campaign message: every trackable link of the HTML part becomes the subscriber's
/// click link to the stored target, and the open pixel goes before the end of the body.
///
/// It exists so that the runner decides only whether a campaign is tracked. The text part is never changed (a
/// plain-text reader sees the real addresses), the unsubscribe link is left as it is (it must work without a
/// redirect, and an unsubscribe is no click), and without a public URL nothing is rewritten.
struct CampaignTracker: Sendable {
    let links: TrackingLinks
    let ids: CampaignLinkIDs

    func track(
        _ content: RenderedCampaignContent, campaignID: Int64, subscriberID: Int64, unsubscribeURL: String
    ) async throws -> RenderedCampaignContent {
        guard let html = content.html,
            let pixel = links.openURL(campaignID: campaignID, subscriberID: subscriberID)
        else { return content }
        var clicks: [String: String] = [:]
        for url in HTMLLinkRewriter.trackableLinks(in: html) where url != unsubscribeURL {
            let id = try await ids.id(campaign: campaignID, url: url)
            clicks[url] = links.clickURL(campaignID: campaignID, subscriberID: subscriberID, linkID: id)
        }
        var tracked = content
        tracked.html = HTMLLinkRewriter.rewrite(html, pixel: pixel) { clicks[$0] }
        return tracked
    }
}
