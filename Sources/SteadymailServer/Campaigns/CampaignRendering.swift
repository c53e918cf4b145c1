import SteadymailDomain
import SteadymailStorage

/// Renders a campaign's template for one subscriber.
///
/// It exists as a seam so that the runner does not depend on how templates are stored and rendered: the server
/// renders through the template library (`TemplateCampaignRenderer`), and runner tests use a double of their own.
public protocol CampaignRendering: Sendable {
    /// Whether a template of this name exists, for checking a campaign when it is created.
    func templateExists(_ name: String) async throws -> Bool

    /// The subject and bodies of `campaign`'s template for `subscriber`, with `links` (`unsubscribe`) for the
    /// template's `links.*`; throws when the template is missing or fails for this subscriber.
    func render(
        campaign: CampaignRecord, subscriber: Subscriber, links: [String: String]
    ) async throws -> RenderedCampaignContent
}

/// What a rendering gives the runner: the subject, and an HTML part, a text part or both.
public struct RenderedCampaignContent: Sendable, Equatable {
    public var subject: String
    public var html: String?
    public var text: String?

    public init(subject: String, html: String?, text: String?) {
        self.subject = subject
        self.html = html
        self.text = text
    }
}
