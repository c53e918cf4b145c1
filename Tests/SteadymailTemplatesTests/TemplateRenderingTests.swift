import SteadymailDomain
import Testing

@testable import SteadymailTemplates

@Suite struct TemplateRenderingTests {
    private let subscriber = TemplateContext(
        email: "ada@example.org", name: "Ada <Lovelace>",
        attributes: [
            "city": .string("Berlin & Köln"), "age": .number(36), "score": .number(2.5), "vip": .bool(true),
            "plan": .null, "address": .object(["zip": .string("10115")]),
            "tags": .array([.string("a"), .string("b")]),
        ],
        campaignID: 7, campaignName: "Spring", links: ["unsubscribe": "https://example.org/u/1?a=1&b=2"])

    private func campaign(
        _ name: String = "news", subject: String = "Hello {{subscriber.name}}", html: String, text: String? = nil
    ) -> TemplateSource {
        TemplateSource(name: name, kind: .campaign, subject: subject, html: html, text: text)
    }

    @Test func rendersAttributesAndEscapesHTML() throws {
        let library = try TemplateLibrary([
            campaign(
                html:
                    "<p>{{subscriber.name}} from {{subscriber.attributes.city}}, {{subscriber.attributes.age}}, "
                    + "{{subscriber.attributes.score}}, {{{subscriber.attributes.city}}}, {{subscriber.attributes.address.zip}}"
                    + "{{#subscriber.attributes.vip}} VIP{{/subscriber.attributes.vip}}"
                    + "{{^subscriber.attributes.plan}} no plan{{/subscriber.attributes.plan}}"
                    + "{{#subscriber.attributes.tags}} [{{.}}]{{/subscriber.attributes.tags}}"
                    + " {{campaign.name}} #{{campaign.id}}</p>")
        ])
        let rendered = try library.render("news", context: subscriber)
        #expect(
            rendered.html
                == "<p>Ada &lt;Lovelace&gt; from Berlin &amp; Köln, 36, 2.5, Berlin & Köln, 10115 VIP no plan [a] [b] Spring #7</p>"
        )
        #expect(rendered.subject == "Hello Ada <Lovelace>")
        #expect(
            rendered.text
                == "Ada <Lovelace> from Berlin & Köln, 36, 2.5, Berlin & Köln, 10115 VIP no plan\n[a] [b] Spring #7")
    }

    @Test func usesTheGivenTextBodyWithoutEscaping() throws {
        let library = try TemplateLibrary([
            campaign(html: "<p>x</p>", text: "Hi {{subscriber.name}}, unsubscribe: {{links.unsubscribe}}")
        ])
        #expect(
            try library.render("news", context: subscriber).text
                == "Hi Ada <Lovelace>, unsubscribe: https://example.org/u/1?a=1&b=2")
    }

    @Test func subjectIsOneLine() throws {
        let context = TemplateContext(email: "a@b.c", name: "Eve\r\nBcc: victim@example.org\t x", attributes: [:])
        let library = try TemplateLibrary([campaign(subject: "  Hi {{subscriber.name}}\n", html: "<p>x</p>")])
        #expect(try library.render("news", context: context).subject == "Hi Eve Bcc: victim@example.org x")
    }

    @Test func layoutsAndPartials() throws {
        let library = try TemplateLibrary([
            TemplateSource(
                name: "base", kind: .layout,
                html: "<html><body>\n{{$content}}default{{/content}}\n<div>{{>footer}}</div></body></html>"),
            TemplateSource(name: "footer", kind: .partial, html: "<p>Bye {{subscriber.name}} &amp; co</p>"),
            campaign(
                html: "{{<base}}\n{{$content}}<h1>Hi {{subscriber.name}}</h1>{{/content}}\n{{/base}}",
                text: "{{>footer}}"),
        ])
        let rendered = try library.render("news", context: subscriber)
        #expect(
            rendered.html
                == "<html><body>\n<h1>Hi Ada &lt;Lovelace&gt;</h1>\n<div><p>Bye Ada &lt;Lovelace&gt; &amp; co</p></div></body></html>"
        )
        #expect(rendered.text == "<p>Bye Ada <Lovelace> &amp; co</p>")
    }

    @Test func derivesTextFromHTMLWhenNoneGiven() throws {
        let library = try TemplateLibrary([
            campaign(html: "<h1>Hi {{subscriber.name}}</h1><p><a href=\"{{links.unsubscribe}}\">Unsubscribe</a></p>")
        ])
        #expect(
            try library.render("news", context: subscriber).text
                == "Hi Ada <Lovelace>\n\nUnsubscribe (https://example.org/u/1?a=1&b=2)")
    }

    @Test func missingPartialIsRejectedWithItsLine() throws {
        let library = try TemplateLibrary([])
        #expect(throws: TemplateError.missingReference(template: "news", part: .html, line: 3, reference: "footer")) {
            try library.validate(campaign(html: "<p>a</p>\n<p>b</p>\n{{> footer }}"))
        }
        #expect(throws: TemplateError.missingReference(template: "news", part: .text, line: 2, reference: "base")) {
            try library.validate(campaign(html: "<p>a</p>", text: "x\n{{<base}}{{/base}}"))
        }
    }

    @Test func referenceToACampaignTemplateIsRejected() throws {
        let library = try TemplateLibrary([campaign("other", html: "<p>x</p>")])
        #expect(throws: TemplateError.missingReference(template: "news", part: .html, line: 1, reference: "other")) {
            try library.validate(campaign(html: "{{>other}}"))
        }
    }

    @Test func syntaxErrorsCarryTheirLine() throws {
        let library = try TemplateLibrary([])
        #expect(
            throws: TemplateError.syntax(
                template: "news", part: .html, line: 2,
                message: "a section is closed with a name that does not match its opening")
        ) {
            try library.validate(campaign(html: "{{#a}}\n{{/b}}"))
        }
        #expect(
            throws: TemplateError.syntax(
                template: "news", part: .subject, line: 1, message: "a tag is not closed before the end of the text")
        ) {
            try library.validate(campaign(subject: "Hi {{name", html: "<p>x</p>"))
        }
        do {
            try library.validate(campaign(html: "line 1\nline 2\n{{#open}}\nline 4"))
            Issue.record("an unclosed section must be refused")
        } catch {
            guard case .syntax(_, .html, let line, let message) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(line >= 3)
            #expect(message == "a section is opened but never closed")
        }
    }

    @Test func circlesAreRejected() throws {
        let library = try TemplateLibrary([
            TemplateSource(name: "a", kind: .partial, html: "{{>b}}"),
            TemplateSource(name: "b", kind: .partial, html: "plain"),
        ])
        #expect(throws: TemplateError.cycle(template: "b", part: .html, line: 2, path: ["b", "a", "b"])) {
            try library.validate(TemplateSource(name: "b", kind: .partial, html: "x\n{{>a}}"))
        }
        #expect(throws: TemplateError.cycle(template: "c", part: .html, line: 1, path: ["c", "c"])) {
            try library.validate(TemplateSource(name: "c", kind: .partial, html: "{{>c}}"))
        }
        #expect(throws: TemplateError.self) {
            try TemplateLibrary([
                TemplateSource(name: "a", kind: .partial, html: "{{>b}}"),
                TemplateSource(name: "b", kind: .partial, html: "{{>a}}"),
            ])
        }
    }

    @Test func unsupportedTagsAndLimits() throws {
        let library = try TemplateLibrary([])
        #expect(
            throws: TemplateError.unsupported(
                template: "news", part: .html, line: 2, message: "changing the delimiters ({{=...=}}) is not supported")
        ) {
            try library.validate(campaign(html: "x\n{{=<% %>=}}<%>footer%>"))
        }
        #expect(
            throws: TemplateError.unsupported(
                template: "news", part: .html, line: 1, message: "dynamic partials ({{>*name}}) are not supported")
        ) {
            try library.validate(campaign(html: "{{>*which}}"))
        }
        let deep = String(repeating: "{{#a}}", count: 65) + String(repeating: "{{/a}}", count: 65)
        #expect(
            throws: TemplateError.unsupported(
                template: "news", part: .html, line: 1, message: "sections nest deeper than 64 levels")
        ) {
            try library.validate(campaign(html: deep))
        }
        let huge = String(repeating: "x", count: TemplateLibrary.maximumPartSize + 1)
        #expect(throws: TemplateError.tooLarge(template: "news", part: .html)) {
            try library.validate(campaign(html: huge))
        }
    }

    @Test func namesAndPartsAreChecked() throws {
        let library = try TemplateLibrary([])
        for name in ["", "News", "a b", "a/b", String(repeating: "x", count: 65), "ü"] {
            #expect(throws: TemplateError.invalidName(name)) {
                try library.validate(campaign(name, html: "<p>x</p>"))
            }
        }
        #expect(
            throws: TemplateError.invalidParts(
                template: "news", field: "subject", reason: "a campaign template needs a subject")
        ) {
            try library.validate(campaign(subject: " ", html: "<p>x</p>"))
        }
        #expect(
            throws: TemplateError.invalidParts(
                template: "f", field: "subject", reason: "a partial has only an HTML body, no subject or text")
        ) {
            try library.validate(TemplateSource(name: "f", kind: .partial, subject: "s", html: "x"))
        }
    }

    @Test func renderRefusesUnknownNamesAndNonCampaigns() throws {
        let library = try TemplateLibrary([TemplateSource(name: "footer", kind: .partial, html: "x")])
        #expect(throws: TemplateError.notFound("nope")) { try library.render("nope", context: subscriber) }
        #expect(throws: TemplateError.notCampaign("footer")) { try library.render("footer", context: subscriber) }
    }

    @Test func deletedPartialRendersAsNothingAndIsListedAsReferenced() throws {
        let library = try TemplateLibrary([
            TemplateSource(name: "footer", kind: .partial, html: "<p>F</p>"),
            campaign(html: "<p>A</p>{{>footer}}"),
        ])
        #expect(library.templates(referencing: "footer") == ["news"])
        let without = try library.removing("footer")
        #expect(try without.render("news", context: subscriber).html == "<p>A</p>")
    }

    @Test func rendersManyRecipientsQuickly() throws {
        let library = try TemplateLibrary([
            TemplateSource(name: "base", kind: .layout, html: "<html><body>{{$content}}{{/content}}</body></html>"),
            campaign(
                html: "{{<base}}{{$content}}<p>Hi {{subscriber.name}} from {{subscriber.attributes.city}}</p>"
                    + "<ul><li>one</li><li>two</li></ul><a href=\"{{links.unsubscribe}}\">Unsubscribe</a>"
                    + "{{/content}}{{/base}}"),
        ])
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for index in 0..<2_000 {
                var context = subscriber
                context.email = "user\(index)@example.org"
                _ = try library.render("news", context: context)
            }
        }
        #expect(elapsed < .seconds(10), "2,000 renders took \(elapsed)")
    }
}
