import Foundation
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage
import SteadymailTemplates
import Testing

@testable import SteadymailServer

@Suite struct TemplatesServiceTests {
    private func withTemplates(_ body: (Templates, SQLiteQueueStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        try await body(Templates(store: store), store)
    }

    @Test func savesOnlyWhatTheStoredLibraryAccepts() async throws {
        try await withTemplates { templates, store in
            let news = TemplateSource(name: "news", kind: .campaign, subject: "Hi", html: "<p>x</p>\n{{>footer}}")
            await #expect(
                throws: TemplatesError.invalid(
                    .missingReference(template: "news", part: .html, line: 2, reference: "footer"))
            ) {
                _ = try await templates.save(news, now: Date())
            }
            #expect(try await store.templates().isEmpty)
            _ = try await templates.save(
                TemplateSource(name: "footer", kind: .partial, html: "<p>{{subscriber.email}}</p>"), now: Date())
            _ = try await templates.save(news, now: Date())
            #expect(try await store.templates().map(\.name) == ["footer", "news"])

            await #expect(throws: TemplatesError.inUse("footer", by: ["news"])) { try await templates.remove("footer") }
            await #expect(throws: TemplatesError.notFound("nope")) { try await templates.remove("nope") }
        }
    }

    @Test func previewsForAStoredSubscriberOrTheSample() async throws {
        try await withTemplates { templates, store in
            _ = try await store.upsertSubscribers(
                [SubscriberUpsert(email: "ada@example.org", name: "Ada", attributes: ["city": .string("Köln")])],
                listID: nil, subscriptionStatus: .confirmed, now: Date())
            _ = try await templates.save(
                TemplateSource(
                    name: "news", kind: .campaign, subject: "Hi {{subscriber.name}}",
                    html: "<p>{{subscriber.attributes.city}}</p>"), now: Date())
            let preview = try await templates.preview("news", email: "ADA@example.org")
            #expect(preview == RenderedContent(subject: "Hi Ada", html: "<p>Köln</p>", text: "Köln"))
            #expect(try await templates.preview("news", email: nil).subject == "Hi Sam Sample")
            await #expect(throws: TemplatesError.unknownSubscriber("bob@example.org")) {
                _ = try await templates.preview("news", email: "bob@example.org")
            }
            await #expect(throws: TemplatesError.notFound("none")) {
                _ = try await templates.preview("none", email: nil)
            }
        }
    }

    @Test func refusalsBecomeAPIErrorsNamingFieldAndLine() {
        let invalid = TemplateRoutes.apiError(
            .invalid(.syntax(template: "news", part: .subject, line: 3, message: "bad")))
        #expect(invalid.status == .unprocessableContent && invalid.code == "invalid_template")
        #expect(invalid.field == "subject" && invalid.line == 3)
        let name = TemplateRoutes.apiError(.invalid(.invalidName("A B")))
        #expect(name.field == "name" && name.line == nil)
        #expect(TemplateRoutes.apiError(.notFound("x")).status == .notFound)
        #expect(TemplateRoutes.apiError(.inUse("x", by: ["y"])).status == .conflict)
        #expect(TemplateRoutes.apiError(.unknownSubscriber("a@b.c")).field == "email")
    }

    @Test func changingTemplatesNeedsARunningServer() async throws {
        try await withTemplates { _, store in
            let handler = QueueControlHandler(store: store, pipeline: nil)
            let response = await handler.handle(
                ControlRequest(
                    command: .templateSave,
                    template: TemplateRequest(name: "x", kind: "partial", html: "y")))
            #expect(response.error == "changing templates needs a running server")
            let listed = await handler.handle(ControlRequest(command: .templateList))
            #expect(listed.error == nil && listed.templates == [])
        }
    }
}
