import SteadymailDomain
import Testing

@testable import SteadymailTemplates

/// Broken or odd Mustache text is refused or rendered, never a crash.
@Suite struct HostileTemplateTests {
    static let inputs = [
        "{{", "}}", "{{#", "{{/}}", "{{>}}", "{{<}}{{/}}", "{{$}}", "{{{", "{{{x}}", "{{&}}", "{{%}}",
        "{{% CONTENT_TYPE: BOGUS}}", "{{% OTHER: HTML}}", "{{!", "{{! comment }}", "{{=", "{{#a}}{{/a",
        "\r\n{{#a}}\r\n{{/a}}\r\n", "{{<base}}text{{/base}}", "{{<base}}{{#x}}{{/x}}{{/base}}", "{{$a}}{{/a}}",
        "{{$a}}{{$b}}{{/b}}{{/a}}", "{{a(b)}}", "{{reversed(subscriber.name)}}", "{{a(b(c))}}", "{{(}}", "{{)}}",
        "{{.}}", "{{..}}", "{{#.}}{{.}}{{/.}}", "{{^subscriber}}x{{/subscriber}}",
        "{{#subscriber}}{{email}}{{/subscriber}}",
        "{{#subscriber.attributes.tags}}{{#.}}{{.}}{{/.}}{{/subscriber.attributes.tags}}", "\u{0}{{\u{0}}}",
        "{{subscriber.attributes.\u{1F600}}}", "{{ subscriber . name }}", "{{#a}}{{#b}}{{/a}}{{/b}}",
        String(repeating: "{{x}}", count: 2_000), String(repeating: "{{", count: 1_000),
        String(repeating: "{{^a}}", count: 64) + String(repeating: "{{/a}}", count: 64),
    ]

    @Test func hostileTextIsRefusedOrRendered() throws {
        let library = try TemplateLibrary([
            TemplateSource(name: "base", kind: .layout, html: "{{$content}}{{/content}}")
        ])
        let context = TemplateContext(
            email: "a@b.c", name: "<x>", attributes: ["tags": .array([.array([.string("t")]), .null])])
        for input in Self.inputs {
            for source in [
                TemplateSource(name: "t", kind: .campaign, subject: input, html: "<p>x</p>"),
                TemplateSource(name: "t", kind: .campaign, subject: "s", html: input, text: input),
                TemplateSource(name: "t", kind: .partial, html: input),
            ] {
                guard let updated = try? library.replacing(source) else { continue }
                if source.kind == .campaign { _ = try updated.render("t", context: context) }
            }
        }
    }
}
