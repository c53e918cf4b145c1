import Foundation
import SteadymailDomain

/// The storage contract for message templates, a part of `QueueStore`.
///
/// It exists so that templates live in the same store as everything else (one backup, one PostgreSQL later) and every
/// node renders from the same set. The store keeps text only; whether a template compiles and what it references is
/// checked above it (`TemplateLibrary`) before it is saved.
public protocol TemplateStore: Sendable {
    /// Inserts a template, or replaces every part of the one with the same name (keeping its id and creation time);
    /// returns the stored template.
    func saveTemplate(
        name: String, kind: TemplateKind, subject: String?, html: String, text: String?, now: Date
    ) async throws -> StoredTemplate

    /// Every template, by name.
    func templates() async throws -> [StoredTemplate]

    /// One template by name; nil when unknown.
    func template(named name: String) async throws -> StoredTemplate?

    /// Deletes a template; false when unknown.
    func deleteTemplate(named name: String) async throws -> Bool
}

/// A template as stored: a campaign template, a layout or a partial, with its Mustache text.
public struct StoredTemplate: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var kind: TemplateKind
    /// The subject line template; only campaign templates have one.
    public var subject: String?
    public var html: String
    /// The plain-text body template; absent when the text part is derived from the HTML.
    public var text: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, name: String, kind: TemplateKind, subject: String?, html: String, text: String?, createdAt: Date,
        updatedAt: Date
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.subject = subject
        self.html = html
        self.text = text
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
