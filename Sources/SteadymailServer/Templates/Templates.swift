import Foundation
import SteadymailDomain
import SteadymailStorage
import SteadymailTemplates

/// Saves, lists, removes and previews message templates, always checking them against every stored template.
///
/// It exists so that the CLI (over the control socket) and the HTTP API share one set of rules: a template is saved
/// only when it compiles and every layout and partial it names is already stored (the error names the line), a layout
/// or partial still used by another template is not removed, and a preview renders exactly what a campaign would
/// send. It is an actor so that two saves cannot each check against a library missing the other's change. It keeps
/// the compiled library for rendering and rebuilds it after a change made through it.
public actor Templates {
    private let store: any QueueStore
    private var cached: TemplateLibrary?

    public init(store: any QueueStore) {
        self.store = store
    }

    /// Every stored template, compiled.
    public func library() async throws -> TemplateLibrary {
        if let cached { return cached }
        let library = try TemplateLibrary(try await store.templates().map(\.source))
        cached = library
        return library
    }

    /// Checks `source` against the stored templates and saves it (replacing one of the same name).
    public func save(_ source: TemplateSource, now: Date) async throws -> StoredTemplate {
        let current = try await freshLibrary()
        let updated: TemplateLibrary
        do {
            updated = try current.replacing(source)
        } catch {
            throw TemplatesError.invalid(error)
        }
        let stored = try await store.saveTemplate(
            name: source.name, kind: source.kind, subject: source.subject, html: source.html, text: source.text,
            now: now)
        cached = updated
        return stored
    }

    public func list() async throws -> [StoredTemplate] {
        try await store.templates()
    }

    public func template(named name: String) async throws -> StoredTemplate {
        guard let template = try await store.template(named: name) else { throw TemplatesError.notFound(name) }
        return template
    }

    /// Removes a template; refused while another template includes it or inherits from it.
    public func remove(_ name: String) async throws {
        let current = try await freshLibrary()
        let users = current.templates(referencing: name).filter { $0 != name }
        guard users.isEmpty else { throw TemplatesError.inUse(name, by: users) }
        guard try await store.deleteTemplate(named: name) else { throw TemplatesError.notFound(name) }
        cached = try? current.removing(name)
    }

    /// Renders a campaign template for the subscriber with `email`, or for `TemplateContext.sample` without one.
    public func preview(_ name: String, email: String?) async throws -> RenderedContent {
        var context = TemplateContext.sample
        if let email {
            let normalised: String
            do {
                normalised = try SubscriberEmail.normalised(email)
            } catch {
                throw TemplatesError.unknownSubscriber(email)
            }
            guard let subscriber = try await store.subscriber(email: normalised) else {
                throw TemplatesError.unknownSubscriber(email)
            }
            context = TemplateContext(
                email: subscriber.email, name: subscriber.name, attributes: subscriber.attributes,
                campaignID: context.campaignID, campaignName: context.campaignName, links: context.links)
        }
        do {
            return try await freshLibrary().render(name, context: context)
        } catch let error as TemplateError {
            if case .notFound(let missing) = error { throw TemplatesError.notFound(missing) }
            throw TemplatesError.invalid(error)
        }
    }

    /// The library read again from the store: another process (the CLI offline, another node) may have changed it.
    private func freshLibrary() async throws -> TemplateLibrary {
        cached = nil
        return try await library()
    }
}

/// Why a template operation was refused.
public enum TemplatesError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The template does not compile, names a missing layout or partial, or is not a campaign template.
    case invalid(TemplateError)
    case notFound(String)
    /// Other templates include or inherit from it.
    case inUse(String, by: [String])
    /// No subscriber has that address.
    case unknownSubscriber(String)

    public var description: String {
        switch self {
        case .invalid(let error): error.description
        case .notFound(let name): "no template named '\(name)'"
        case .inUse(let name, let users):
            "template '\(name)' is used by \(users.map { "'\($0)'" }.joined(separator: ", ")); change those first"
        case .unknownSubscriber(let email): "no subscriber with the address '\(email)'"
        }
    }
}

extension StoredTemplate {
    /// The template as the library compiles it.
    var source: TemplateSource {
        TemplateSource(name: name, kind: kind, subject: subject, html: html, text: text)
    }
}
