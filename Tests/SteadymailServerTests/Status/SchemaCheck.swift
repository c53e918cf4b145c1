import Foundation

/// A small JSON Schema checker for the keywords docs/status.schema.json uses (`type` but `boolean`, `enum`, `required`,
/// `properties`, `additionalProperties: false`, `items`, `minItems`, `maxItems`, `minimum`, `maximum`, `maxLength`,
/// local `$ref`), so that a unit test holds the encoded document to the documented schema without a dependency.
struct SchemaCheck {
    let root: [String: Any]

    init(file: URL) throws {
        root = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
    }

    /// Every violation, as `path: problem`.
    func problems(_ value: Any) -> [String] {
        check(value, against: root, at: "$")
    }

    private func check(_ value: Any, against schema: [String: Any], at path: String) -> [String] {
        if let ref = schema["$ref"] as? String {
            let name = ref.replacingOccurrences(of: "#/$defs/", with: "")
            guard let defs = root["$defs"] as? [String: Any], let target = defs[name] as? [String: Any] else {
                return ["\(path): unresolved \(ref)"]
            }
            return check(value, against: target, at: path)
        }
        var problems: [String] = []
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }),
            !types.contains(where: { Self.matches(value, type: $0) })
        {
            return ["\(path): \(value) is not \(types)"]
        }
        if let allowed = schema["enum"] as? [String], !allowed.contains(value as? String ?? "\u{0}") {
            problems.append("\(path): \(value) not in \(allowed)")
        }
        if let number = Self.number(value) {
            if let minimum = schema["minimum"].flatMap(Self.number), number < minimum {
                problems.append("\(path): below \(minimum)")
            }
            if let maximum = schema["maximum"].flatMap(Self.number), number > maximum {
                problems.append("\(path): above \(maximum)")
            }
        }
        if let text = value as? String, let maxLength = schema["maxLength"] as? Int, text.count > maxLength {
            problems.append("\(path): longer than \(maxLength)")
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing \(key)")
            }
            for (key, member) in object {
                if let property = properties[key] as? [String: Any] {
                    problems += check(member, against: property, at: "\(path).\(key)")
                } else if schema["additionalProperties"] as? Bool == false {
                    problems.append("\(path): unexpected \(key)")
                }
            }
        }
        if let array = value as? [Any] {
            if let minItems = schema["minItems"] as? Int, array.count < minItems {
                problems.append("\(path): fewer than \(minItems) items")
            }
            if let maxItems = schema["maxItems"] as? Int, array.count > maxItems {
                problems.append("\(path): more than \(maxItems) items")
            }
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in array.enumerated() {
                    problems += check(item, against: items, at: "\(path)[\(index)]")
                }
            }
        }
        return problems
    }

    private static func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": value is NSNull
        case "object": value is [String: Any]
        case "array": value is [Any]
        case "string": value is String
        case "integer": number(value).map { $0.rounded() == $0 } ?? false
        case "number": number(value) != nil
        default: false  // the status schema has no booleans
        }
    }

    /// A JSON number, whichever type the platform's JSONSerialization gave it.
    private static func number(_ value: Any) -> Double? {
        switch value {
        case let int as Int: Double(int)
        case let double as Double: double
        case let number as NSNumber: number.doubleValue
        default: nil
        }
    }
}
