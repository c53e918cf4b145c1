/// Why a template was refused or could not be rendered.
///
/// It exists so that an author learns what to fix and where (the template, its part and the line), and so that the
/// API and the CLI can tell bad input (422) from a name that is not there (404).
public enum TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name breaks `TemplateName` (1 to 64 of `[a-z0-9_-]`).
    case invalidName(String)
    /// A field that does not suit the kind: a campaign template without a subject or HTML body, a layout or partial
    /// with a subject or text body, an unknown kind. `field` is `kind`, `subject`, `html` or `text`.
    case invalidParts(template: String, field: String, reason: String)
    /// A part is larger than `TemplateLibrary.maximumPartSize` bytes.
    case tooLarge(template: String, part: TemplatePart)
    /// The Mustache text does not compile.
    case syntax(template: String, part: TemplatePart, line: Int, message: String)
    /// A `{{>partial}}` or `{{<layout}}` names a template that is not a stored layout or partial.
    case missingReference(template: String, part: TemplatePart, line: Int, reference: String)
    /// A tag Steadymail does not accept in templates (changed delimiters, dynamic partials), or sections nested too
    /// deep.
    case unsupported(template: String, part: TemplatePart, line: Int, message: String)
    /// Templates that include each other in a circle, which would never finish rendering.
    case cycle(template: String, part: TemplatePart, line: Int, path: [String])
    /// No template of that name.
    case notFound(String)
    /// The template is a layout or partial, which is never rendered into a message on its own.
    case notCampaign(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            "invalid template name '\(name)': use 1 to 64 lowercase letters, digits, '_' or '-'"
        case .invalidParts(let template, _, let reason): "template '\(template)': \(reason)"
        case .tooLarge(let template, let part):
            "template '\(template)' \(part.rawValue): larger than \(TemplateLibrary.maximumPartSize) bytes"
        case .syntax(let template, let part, let line, let message):
            "template '\(template)' \(part.rawValue) line \(line): \(message)"
        case .missingReference(let template, let part, let line, let reference):
            "template '\(template)' \(part.rawValue) line \(line): no layout or partial named '\(reference)'"
        case .unsupported(let template, let part, let line, let message):
            "template '\(template)' \(part.rawValue) line \(line): \(message)"
        case .cycle(let template, let part, let line, let path):
            "template '\(template)' \(part.rawValue) line \(line): templates include each other in a circle ("
                + path.joined(separator: " -> ") + ")"
        case .notFound(let name): "no template named '\(name)'"
        case .notCampaign(let name): "template '\(name)' is a layout or partial, not a campaign template"
        }
    }

    /// The line the problem is on, when it has one.
    public var line: Int? {
        switch self {
        case .syntax(_, _, let line, _), .missingReference(_, _, let line, _), .unsupported(_, _, let line, _),
            .cycle(_, _, let line, _):
            line
        default: nil
        }
    }

    /// The request field the problem is in: `name`, `kind`, `subject`, `html` or `text`; nil for `notFound` and
    /// `notCampaign`.
    public var field: String? {
        switch self {
        case .invalidName: "name"
        case .invalidParts(_, let field, _): field
        case .notFound, .notCampaign: nil
        default: part?.rawValue
        }
    }

    /// The part the problem is in, when it is in one.
    public var part: TemplatePart? {
        switch self {
        case .tooLarge(_, let part), .syntax(_, let part, _, _), .missingReference(_, let part, _, _),
            .unsupported(_, let part, _, _), .cycle(_, let part, _, _):
            part
        default: nil
        }
    }
}
