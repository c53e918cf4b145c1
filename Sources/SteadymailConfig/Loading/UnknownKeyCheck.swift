import Yams

/// Refuses keys the schema does not know, so a typo such as `smtp.lisen` stops start-up instead of being ignored.
///
/// It exists because Codable silently skips keys it does not decode.
enum UnknownKeyCheck {
    static func check(_ node: Node, against schema: ConfigSchema, path: String) throws(ConfigError) {
        switch (schema, node) {
        case (.section(let children), .mapping(let mapping)):
            for (keyNode, value) in mapping {
                let key = keyNode.string ?? ""
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard let child = children[key] else {
                    throw ConfigError(key: childPath, message: unknownKeyMessage(key, known: children.keys))
                }
                try check(value, against: child, path: childPath)
            }
        case (.listOfSections(let children), .sequence(let sequence)):
            for (index, element) in sequence.enumerated() {
                try check(element, against: .section(children), path: "\(path)[\(index)]")
            }
        default:
            return
        }
    }

    private static func unknownKeyMessage(_ key: String, known: Dictionary<String, ConfigSchema>.Keys)
        -> String
    {
        let suggestion = known.min { editDistance($0, key) < editDistance($1, key) }
        guard let suggestion, editDistance(suggestion, key) <= 2 else { return "unknown key" }
        return "unknown key (did you mean \(suggestion)?)"
    }

    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs)
        let right = Array(rhs)
        var previous = Array(0...right.count)
        for (i, leftCharacter) in left.enumerated() {
            var current = [i + 1]
            for (j, rightCharacter) in right.enumerated() {
                current.append(
                    min(
                        previous[j + 1] + 1, current[j] + 1,
                        previous[j] + (leftCharacter == rightCharacter ? 0 : 1)))
            }
            previous = current
        }
        return previous[right.count]
    }
}
