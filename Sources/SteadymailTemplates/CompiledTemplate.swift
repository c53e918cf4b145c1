import Mustache
import SteadymailDomain

/// One template compiled once, for many renders: its parts as Mustache templates and the references it makes.
struct CompiledTemplate: Sendable {
    /// Prepended to subjects, text bodies and the text-library copies of layouts and partials, so that `{{x}}` is not
    /// HTML-escaped there. It adds no line, so error lines stay the author's.
    static let textPragma = "{{% CONTENT_TYPE: TEXT}}"

    let source: TemplateSource
    let subject: MustacheTemplate?
    let html: MustacheTemplate
    /// The body compiled as text, registered in the text library when this is a layout or partial.
    let htmlAsText: MustacheTemplate?
    let text: MustacheTemplate?
    /// Every `{{>name}}` and `{{<name}}`, with its part and line.
    let references: [(part: TemplatePart, reference: TemplateTagScanner.Reference)]

    init(_ source: TemplateSource) throws(TemplateError) {
        guard TemplateName.isValid(source.name) else { throw .invalidName(source.name) }
        try Self.checkParts(source)
        self.source = source
        var references: [(part: TemplatePart, reference: TemplateTagScanner.Reference)] = []
        var subject: MustacheTemplate?
        if let text = source.subject {
            subject = try Self.compile(text, source.name, .subject, asText: true, into: &references)
        }
        html = try Self.compile(source.html, source.name, .html, asText: false, into: &references)
        var text: MustacheTemplate?
        if let body = source.text {
            text = try Self.compile(body, source.name, .text, asText: true, into: &references)
        }
        self.subject = subject
        self.text = text
        if source.kind == .campaign {
            htmlAsText = nil
        } else {
            var ignored: [(part: TemplatePart, reference: TemplateTagScanner.Reference)] = []
            htmlAsText = try Self.compile(source.html, source.name, .html, asText: true, into: &ignored)
        }
        self.references = references
    }

    private static func checkParts(_ source: TemplateSource) throws(TemplateError) {
        for (part, text) in [(TemplatePart.subject, source.subject), (.html, source.html), (.text, source.text)] {
            if let text, text.utf8.count > TemplateLibrary.maximumPartSize {
                throw .tooLarge(template: source.name, part: part)
            }
        }
        switch source.kind {
        case .campaign:
            guard let subject = source.subject, !subject.allSatisfy(\.isWhitespace) else {
                throw .invalidParts(
                    template: source.name, field: "subject", reason: "a campaign template needs a subject")
            }
            guard !source.html.allSatisfy(\.isWhitespace) else {
                throw .invalidParts(
                    template: source.name, field: "html", reason: "a campaign template needs an HTML body")
            }
        case .layout, .partial:
            for (field, value) in [("subject", source.subject), ("text", source.text)] where !(value?.isEmpty ?? true) {
                throw .invalidParts(
                    template: source.name, field: field,
                    reason: "a \(source.kind.rawValue) has only an HTML body, no subject or text")
            }
        }
    }

    private static func compile(
        _ text: String, _ name: String, _ part: TemplatePart, asText: Bool,
        into references: inout [(part: TemplatePart, reference: TemplateTagScanner.Reference)]
    ) throws(TemplateError) -> MustacheTemplate {
        do {
            references += try TemplateTagScanner.references(in: text).map { (part, $0) }
        } catch {
            switch error {
            case .unsupported(let line, let message):
                throw .unsupported(template: name, part: part, line: line, message: message)
            }
        }
        do {
            return try MustacheTemplate(string: asText ? textPragma + text : text)
        } catch let error as MustacheTemplate.ParserError {
            throw .syntax(template: name, part: part, line: error.context.lineNumber, message: describe(error.error))
        } catch {
            throw .syntax(template: name, part: part, line: 1, message: "\(error)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else {
            return "a tag is not closed before the end of the text"
        }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a name that does not match its opening"
        case .unfinishedName: return "a tag is not closed, or its name is not valid"
        case .expectedSectionEnd: return "a section is opened but never closed"
        case .invalidSetDelimiter: return "the delimiter change is not valid"
        case .transformAppliedToInheritanceSection: return "a block ({{$name}}) cannot take a transform"
        case .illegalTokenInsideInheritSection, .textInsideInheritSection:
            return "inside {{<layout}} only block overrides ({{$name}}...{{/name}}) may appear"
        case .invalidConfigVariableSyntax: return "a pragma ({{% ... }}) is badly written"
        case .unrecognisedConfigVariable: return "unknown pragma ({{% ... }})"
        }
    }
}
