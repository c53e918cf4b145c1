import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

extension QueueStoreConformance {
    static func templatesAreSavedReplacedAndDeletedByName(_ store: any QueueStore) async throws {
        let news = try await store.saveTemplate(
            name: "news", kind: .campaign, subject: "Hi {{subscriber.name}}", html: "<p>x</p>", text: nil, now: at(0))
        #expect(news.name == "news" && news.kind == .campaign && news.subject == "Hi {{subscriber.name}}")
        #expect(news.text == nil && news.createdAt == at(0) && news.updatedAt == at(0))
        let footer = try await store.saveTemplate(
            name: "footer", kind: .partial, subject: nil, html: "<p>bye</p>", text: nil, now: at(1))
        #expect(footer.id != news.id)
        #expect(try await store.templates() == [footer, news])
        #expect(try await store.template(named: "news") == news)
        #expect(try await store.template(named: "nope") == nil)

        // Saving again under the same name replaces every part and keeps the id and the creation time.
        let replaced = try await store.saveTemplate(
            name: "news", kind: .campaign, subject: "New", html: "<p>y</p>", text: "y 'quoted' ; --", now: at(5))
        #expect(replaced.id == news.id && replaced.createdAt == at(0) && replaced.updatedAt == at(5))
        #expect(replaced.subject == "New" && replaced.html == "<p>y</p>" && replaced.text == "y 'quoted' ; --")
        #expect(try await store.template(named: "news") == replaced)
        let cleared = try await store.saveTemplate(
            name: "news", kind: .campaign, subject: "New", html: "<p>y</p>", text: nil, now: at(6))
        #expect(cleared.text == nil)

        #expect(try await store.deleteTemplate(named: "news"))
        #expect(try await !store.deleteTemplate(named: "news"))
        #expect(try await store.templates().map(\.name) == ["footer"])
    }
}
