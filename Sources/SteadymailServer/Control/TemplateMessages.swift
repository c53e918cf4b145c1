import Foundation
import SteadymailDomain
import SteadymailStorage
import SteadymailTemplates

/// What `steadymail template add|show|remove|preview` sends over the control socket: the template to save, or the
/// name of one, and for a preview the subscriber's address.
public struct TemplateRequest: Codable, Sendable, Equatable {
    public var name: String
    public var kind: String?
    public var subject: String?
    public var html: String?
    public var text: String?
    /// For `template_preview`: the subscriber to render for; absent for the sample subscriber.
    public var email: String?

    public init(
        name: String, kind: String? = nil, subject: String? = nil, html: String? = nil, text: String? = nil,
        email: String? = nil
    ) {
        self.name = name
        self.kind = kind
        self.subject = subject
        self.html = html
        self.text = text
        self.email = email
    }
}

/// A stored template as `steadymail template list|show` and `GET /v1/templates` show it.
public struct TemplateView: Codable, Sendable, Equatable {
    public var name: String
    public var kind: String
    public var subject: String?
    public var html: String
    public var text: String?
    public var createdAt: String
    public var updatedAt: String

    init(_ template: StoredTemplate) {
        name = template.name
        kind = template.kind.rawValue
        subject = template.subject
        html = template.html
        text = template.text
        createdAt = InternetDate.rfc3339(template.createdAt)
        updatedAt = InternetDate.rfc3339(template.updatedAt)
    }

    enum CodingKeys: String, CodingKey {
        case name, kind, subject, html, text
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

extension TemplateRequest {
    /// The template to save; throws a message naming the field when the kind is missing or unknown.
    func source() throws(TemplatesError) -> TemplateSource {
        guard let kindName = kind, let kind = TemplateKind(rawValue: kindName) else {
            throw .invalid(
                .invalidParts(template: name, field: "kind", reason: "kind must be one of campaign, layout, partial"))
        }
        return TemplateSource(name: name, kind: kind, subject: subject, html: html ?? "", text: text)
    }
}
