import Foundation
import SteadymailDomain
import SteadymailStorage

/// The template part of the store, passed through unchanged.
extension RecordingQueueStore {
    func saveTemplate(
        name: String, kind: TemplateKind, subject: String?, html: String, text: String?, now: Date
    ) async throws -> StoredTemplate {
        try await inner.saveTemplate(name: name, kind: kind, subject: subject, html: html, text: text, now: now)
    }

    func templates() async throws -> [StoredTemplate] { try await inner.templates() }

    func template(named name: String) async throws -> StoredTemplate? { try await inner.template(named: name) }

    func deleteTemplate(named name: String) async throws -> Bool { try await inner.deleteTemplate(named: name) }
}
