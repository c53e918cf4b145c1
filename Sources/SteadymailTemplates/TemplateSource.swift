import SteadymailDomain

/// A template as its author wrote it: what `TemplateLibrary` compiles and what storage keeps.
///
/// It exists as one value for the three kinds so that a campaign, a layout and a partial are saved, validated and
/// listed the same way. Only a campaign has a subject and a text body; a layout or partial has only `html`, its body.
public struct TemplateSource: Sendable, Equatable {
    /// Unique, 1 to 64 of `[a-z0-9_-]` (`TemplateName`); how other templates refer to it.
    public var name: String
    public var kind: TemplateKind
    /// The subject line (itself a Mustache template); required for a campaign, absent otherwise.
    public var subject: String?
    /// The HTML body (a layout's or partial's only body).
    public var html: String
    /// The plain-text body; when absent, a campaign's text part is derived from its rendered HTML (`HTMLToText`).
    public var text: String?

    public init(name: String, kind: TemplateKind, subject: String? = nil, html: String, text: String? = nil) {
        self.name = name
        self.kind = kind
        self.subject = subject
        self.html = html
        self.text = text
    }
}

/// The parts of a template, for error messages.
public enum TemplatePart: String, Sendable, Equatable {
    case subject
    case html
    case text
}
