import Foundation
import Yams

/// The configuration file as a YAML tree with the `STEADYMAIL_*` environment overrides laid over it, checked for
/// unknown keys and decoded into ``RawFile``.
///
/// It exists to do everything that needs the YAML tree in one place, remembering which keys came from which
/// environment variable so later error messages can name both.
struct ConfigDocument {
    let raw: RawFile
    /// Dotted key → the environment variable that supplied its value.
    let environmentSources: [String: String]

    init(yaml: String, environment: [String: String]) throws(ConfigError) {
        var root: Node
        do {
            root = try Yams.compose(yaml: yaml) ?? Node([(Node, Node)]())
        } catch {
            throw ConfigError(
                key: "config", message: "invalid YAML: \(String(describing: error).oneLine)")
        }
        if root.null != nil {
            root = Node([(Node, Node)]())
        }
        guard case .mapping = root else {
            throw ConfigError(key: "config", message: "the file must be a mapping of keys to values")
        }
        var sources: [String: String] = [:]
        for (path, isList) in ConfigSchema.overridableKeys {
            let variable = ConfigSchema.environmentVariable(for: path)
            guard let value = environment[variable] else { continue }
            let node = isList ? ConfigDocument.commaSeparatedList(value) : Node(value)
            root = ConfigDocument.setting(
                node, at: path.split(separator: ".").map(String.init)[...], in: root)
            sources[path] = variable
        }
        try UnknownKeyCheck.check(root, against: ConfigSchema.root, path: "")
        environmentSources = sources
        do {
            raw = try YAMLDecoder().decode(RawFile.self, from: root)
        } catch let error as DecodingError {
            throw DecodingErrorTranslation.configError(for: error, in: root, environmentSources: sources)
        } catch {
            throw ConfigError(key: "config", message: String(describing: error).oneLine)
        }
    }

    /// `a, b,c` as a YAML list of `a`, `b`, `c`; empty items are dropped, so an empty value is an empty list.
    private static func commaSeparatedList(_ value: String) -> Node {
        let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return Node(items.filter { !$0.isEmpty }.map { Node($0) })
    }

    /// The tree with `value` placed at `path`, creating sections that do not exist yet.
    private static func setting(_ value: Node, at path: ArraySlice<String>, in node: Node) -> Node {
        guard let key = path.first else { return value }
        var mapping: Node.Mapping
        if case .mapping(let existing) = node {
            mapping = existing
        } else {
            mapping = Node.Mapping([])
        }
        mapping[key] = setting(value, at: path.dropFirst(), in: mapping[key] ?? Node([(Node, Node)]()))
        return .mapping(mapping)
    }
}

extension String {
    /// The text with line breaks replaced, so that an error stays one line.
    var oneLine: String {
        split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(
            separator: " ")
    }
}
