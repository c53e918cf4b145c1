/// One header field of a message, name and (unfolded) value. It exists so header summaries and header edits share one
/// shape across the domain, storage and the CLI.
public struct HeaderField: Sendable, Equatable, Codable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
