import Mustache
import SteadymailDomain

/// Every stored template, compiled once, ready to render any campaign template for any number of subscribers.
///
/// It exists so that templates are checked as a whole (a `{{>footer}}` must name a stored partial, layouts may not
/// include each other in a circle) when one is saved, and so that a campaign of a million recipients compiles its
/// templates once and then only renders. A library is an immutable value: saving a template makes a new one.
public struct TemplateLibrary: Sendable {
    /// The largest subject, HTML or text part, in bytes.
    public static let maximumPartSize = 1 << 20

    private let compiled: [String: CompiledTemplate]
    private let htmlLibrary: MustacheLibrary
    private let textLibrary: MustacheLibrary

    /// Compiles every template. A reference to a template that is not there (its partial was deleted) renders as
    /// nothing rather than failing the whole library; a circle of references is refused, since it would never end.
    public init(_ sources: [TemplateSource]) throws(TemplateError) {
        var compiled: [String: CompiledTemplate] = [:]
        for source in sources { compiled[source.name] = try CompiledTemplate(source) }
        try self.init(compiled: compiled)
    }

    /// A library of templates compiled already: checks for circles and registers layouts and partials.
    private init(compiled: [String: CompiledTemplate]) throws(TemplateError) {
        for template in compiled.values.sorted(by: { $0.source.name < $1.source.name }) {
            try Self.checkCycles(template, in: compiled)
        }
        self.compiled = compiled
        var htmlLibrary = MustacheLibrary()
        var textLibrary = MustacheLibrary()
        for template in compiled.values where template.source.kind != .campaign {
            htmlLibrary.register(template.html, named: template.source.name)
            if let text = template.htmlAsText { textLibrary.register(text, named: template.source.name) }
        }
        self.htmlLibrary = htmlLibrary
        self.textLibrary = textLibrary
    }

    /// Every template, by name.
    public var templates: [TemplateSource] {
        compiled.values.map(\.source).sorted { $0.name < $1.name }
    }

    /// One template by name; nil when unknown.
    public func template(named name: String) -> TemplateSource? {
        compiled[name]?.source
    }

    /// Checks a template as it would be saved into this library (replacing one of the same name): it compiles, and
    /// every layout and partial it names is in the library (or is itself) and none leads back to it.
    public func validate(_ source: TemplateSource) throws(TemplateError) {
        _ = try replacing(source)
    }

    /// The library with `source` saved into it, after the checks of `validate`.
    public func replacing(_ source: TemplateSource) throws(TemplateError) -> TemplateLibrary {
        let template = try CompiledTemplate(source)
        var compiled = self.compiled
        compiled[source.name] = template
        for (part, reference) in template.references {
            guard let target = compiled[reference.name], target.source.kind != .campaign else {
                throw .missingReference(
                    template: source.name, part: part, line: reference.line, reference: reference.name)
            }
        }
        try Self.checkCycles(template, in: compiled)
        return try TemplateLibrary(compiled: compiled)
    }

    /// The library without the named template.
    public func removing(_ name: String) throws(TemplateError) -> TemplateLibrary {
        var compiled = self.compiled
        compiled[name] = nil
        return try TemplateLibrary(compiled: compiled)
    }

    /// The templates that name `name` in a `{{>...}}` or `{{<...}}`, by name.
    public func templates(referencing name: String) -> [String] {
        compiled.values.filter { template in template.references.contains { $0.reference.name == name } }
            .map(\.source.name).sorted()
    }

    /// Renders a campaign template for one recipient. The subject is one line (control characters and line breaks
    /// become spaces); the text part is the template's own, or else derived from the rendered HTML.
    public func render(_ name: String, context: TemplateContext) throws(TemplateError) -> RenderedContent {
        guard let template = compiled[name] else { throw .notFound(name) }
        guard template.source.kind == .campaign, let subject = template.subject else { throw .notCampaign(name) }
        let object = context.mustacheObject
        let html = template.html.render(object, library: htmlLibrary)
        let text = template.text?.render(object, library: textLibrary) ?? HTMLToText.convert(html)
        return RenderedContent(
            subject: Self.oneLine(subject.render(object, library: textLibrary)), html: html, text: text)
    }

    /// Collapses every run of white space and control characters into one space and trims the ends, so that no
    /// attribute can break a header line.
    static func oneLine(_ text: String) -> String {
        var result = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator
            {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.unicodeScalars.append(" ") }
                pendingSpace = false
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Refuses a template whose references lead back to itself.
    private static func checkCycles(_ template: CompiledTemplate, in compiled: [String: CompiledTemplate])
        throws(TemplateError)
    {
        let name = template.source.name
        for (part, reference) in template.references {
            var visited: Set<String> = []
            if let path = pathBack(to: name, from: reference.name, in: compiled, visited: &visited) {
                throw .cycle(template: name, part: part, line: reference.line, path: [name] + path)
            }
        }
    }

    /// The names from `start` to `target` through references, or nil when there is no such path.
    private static func pathBack(
        to target: String, from start: String, in compiled: [String: CompiledTemplate], visited: inout Set<String>
    ) -> [String]? {
        if start == target { return [start] }
        guard visited.insert(start).inserted, let template = compiled[start] else { return nil }
        for (_, reference) in template.references {
            if let path = pathBack(to: target, from: reference.name, in: compiled, visited: &visited) {
                return [start] + path
            }
        }
        return nil
    }
}
