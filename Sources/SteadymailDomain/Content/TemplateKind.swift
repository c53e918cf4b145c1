/// What a stored template is for.
///
/// It exists because only a campaign template is rendered into a message (with a subject and a text part); a layout
/// is only ever inherited (`{{<layout}}...{{/layout}}`) and a partial only included (`{{>partial}}`).
public enum TemplateKind: String, Sendable, Equatable, CaseIterable, Codable {
    case campaign
    case layout
    case partial
}
