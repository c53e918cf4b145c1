import SteadymailDomain
import SteadymailStorage
import SteadymailTemplates

/// Renders campaigns through the stored templates: the campaign's template with the subscriber's address, name and
/// attributes, the campaign's id and name and the unsubscribe link (`TemplateContext`), an HTML part and a text part (the template's own,
/// or derived from the HTML).
///
/// It exists so that the runner renders exactly what `steadymail template preview` shows, from the library
/// `Templates` keeps compiled, instead of compiling a template per subscriber.
struct TemplateCampaignRenderer: CampaignRendering {
    let templates: Templates

    func templateExists(_ name: String) async throws -> Bool {
        try await templates.library().template(named: name)?.kind == .campaign
    }

    func render(
        campaign: CampaignRecord, subscriber: Subscriber, links: [String: String]
    ) async throws -> RenderedCampaignContent {
        let context = TemplateContext(
            email: subscriber.email, name: subscriber.name, attributes: subscriber.attributes,
            campaignID: campaign.id, campaignName: campaign.settings.name, links: links)
        let rendered = try await templates.library().render(campaign.settings.templateName, context: context)
        return RenderedCampaignContent(subject: rendered.subject, html: rendered.html, text: rendered.text)
    }
}
