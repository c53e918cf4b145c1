import Yams

/// Turns a Codable `DecodingError` into a one-line ``ConfigError`` naming the dotted key and the expected type.
///
/// It exists because the raw `DecodingError` text names Swift types and coding-path internals an operator cannot use.
enum DecodingErrorTranslation {
    static func configError(
        for error: DecodingError, in root: Node, environmentSources: [String: String]
    ) -> ConfigError {
        let codingPath: [any CodingKey]
        let expected: String
        switch error {
        case .typeMismatch(let type, let context):
            codingPath = context.codingPath
            expected = "expected \(describe(type))"
        case .valueNotFound(let type, let context):
            codingPath = context.codingPath
            expected = "expected \(describe(type)), found nothing"
        case .keyNotFound(let key, let context):
            codingPath = context.codingPath + [key]
            expected = "is required"
        case .dataCorrupted(let context):
            codingPath = context.codingPath
            expected = "is malformed"
        @unknown default:
            return ConfigError(key: "config", message: String(describing: error).oneLine)
        }
        var key = ""
        var node: Node? = root
        for component in codingPath {
            if let index = component.intValue {
                key += "[\(index)]"
                node = node?.sequence.flatMap { index < $0.count ? $0[index] : nil }
            } else {
                key += key.isEmpty ? component.stringValue : ".\(component.stringValue)"
                node = node?[component.stringValue]
            }
        }
        var message = expected
        if let found = node?.scalar?.string {
            message += ", found \"\(found)\""
        } else if node?.mapping != nil {
            message += ", found a mapping"
        } else if node?.sequence != nil {
            message += ", found a list"
        }
        if let variable = environmentSources[key.replacing(/\[\d+\]$/, with: "")] {
            message += " (set by \(variable))"
        }
        return ConfigError(key: key, message: message)
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is Double.Type: "a number"
        case is String.Type: "a text value"
        case is Node.Sequence.Type: "a list"
        case is Node.Mapping.Type: "a mapping"
        default: "a single value"
        }
    }
}
