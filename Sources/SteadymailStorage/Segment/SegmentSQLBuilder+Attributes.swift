import Foundation
import SteadymailDomain

/// Conditions on `s.attributes`, a JSON object stored as text. The attribute path is always a bound argument.
extension SegmentSQLBuilder {
    /// The JSON type test that a value of `kind` holds at `path`, written once per use because every placeholder
    /// binds once.
    private mutating func typeTest(_ path: [String], _ kind: JSONKind) -> String {
        switch dialect {
        case .sqlite:
            let types = kind == .number ? "IN ('integer', 'real')" : "= 'text'"
            return "json_type(s.attributes, \(bind(.text(Self.sqlitePath(path))))) \(types)"
        case .postgres:
            return "jsonb_typeof(\(attributeJSON(path))) = '\(kind == .number ? "number" : "string")'"
        }
    }

    private enum JSONKind { case text, number }

    /// The attribute as an SQL value: SQLite's `json_extract` (TEXT, INTEGER or REAL), PostgreSQL's text (`->>`). The
    /// PostgreSQL key is cast to text so that `->` never reads it as an array index, whatever the driver's types.
    mutating func attributeText(_ path: [String]) -> String {
        switch dialect {
        case .sqlite: return "json_extract(s.attributes, \(bind(.text(Self.sqlitePath(path)))))"
        case .postgres:
            if path.count == 1 { return "(s.attributes::jsonb ->> \(bind(.text(path[0])))::text)" }
            return "(s.attributes::jsonb #>> \(bind(.text(Self.postgresPath(path))))::text[])"
        }
    }

    /// The attribute as PostgreSQL jsonb (`->`), for `jsonb_typeof`.
    private mutating func attributeJSON(_ path: [String]) -> String {
        if path.count == 1 { return "(s.attributes::jsonb -> \(bind(.text(path[0])))::text)" }
        return "(s.attributes::jsonb #> \(bind(.text(Self.postgresPath(path))))::text[])"
    }

    /// Makes a possibly NULL condition false instead.
    private func twoValued(_ condition: String) -> String {
        "COALESCE(\(condition), \(never))"
    }

    mutating func attributeComparison(_ path: [String], _ comparison: SegmentComparison, _ value: SegmentValue)
        -> String
    {
        let op = Self.sql(comparison)
        switch value {
        case .text(let text):
            let test = typeTest(path, .text)
            let attribute = ordered(attributeText(path), comparison)
            return twoValued("\(test) AND \(attribute) \(op) \(bind(.text(text)))")
        case .integer(let integer):
            return numberComparison(path, op, .integer(integer))
        case .real(let real):
            return numberComparison(path, op, .real(real))
        case .boolean(let flag):
            guard comparison == .equal || comparison == .notEqual else { return never }
            let wanted = (flag == (comparison == .equal)) ? "true" : "false"
            switch dialect {
            case .sqlite:
                return twoValued(
                    "json_type(s.attributes, \(bind(.text(Self.sqlitePath(path))))) = \(bind(.text(wanted)))")
            case .postgres:
                let json = attributeJSON(path)
                return twoValued(
                    "jsonb_typeof(\(json)) = 'boolean' AND \(attributeText(path)) = \(bind(.text(wanted)))")
            }
        case .day:
            return never
        }
    }

    /// A numeric comparison; PostgreSQL casts only inside the CASE, so a string attribute never raises a cast error.
    private mutating func numberComparison(_ path: [String], _ op: String, _ number: SQLArgument) -> String {
        switch dialect {
        case .sqlite:
            let test = typeTest(path, .number)
            return twoValued("\(test) AND \(attributeText(path)) \(op) \(bind(number))")
        case .postgres:
            let test = typeTest(path, .number)
            return twoValued("CASE WHEN \(test) THEN \(attributeText(path))::numeric \(op) \(bind(number)) END")
        }
    }

    mutating func attributeLike(_ path: [String], _ pattern: SQLArgument) -> String {
        let test = typeTest(path, .text)
        return twoValued("\(test) AND \(attributeText(path)) \(like) \(bind(pattern)) ESCAPE '\\'")
    }

    /// `in` over one type of value; a list mixing types (never produced by the parser) is one test per value.
    mutating func attributeMembership(_ path: [String], _ values: [SegmentValue]) -> String {
        let texts = values.compactMap { value -> String? in
            if case .text(let text) = value { return text }
            return nil
        }
        let numbers = values.compactMap { value -> SQLArgument? in
            switch value {
            case .integer(let integer): .integer(integer)
            case .real(let real): .real(real)
            default: nil
            }
        }
        if texts.count == values.count, !texts.isEmpty {
            let test = typeTest(path, .text)
            let attribute = attributeText(path)
            let list = texts.map { bind(.text($0)) }.joined(separator: ", ")
            return twoValued("\(test) AND \(attribute) IN (\(list))")
        }
        if numbers.count == values.count, !numbers.isEmpty {
            let test = typeTest(path, .number)
            let attribute = attributeText(path)
            let list = numbers.map { bind($0) }.joined(separator: ", ")
            switch dialect {
            case .sqlite: return twoValued("\(test) AND \(attribute) IN (\(list))")
            case .postgres: return twoValued("CASE WHEN \(test) THEN \(attribute)::numeric IN (\(list)) END")
            }
        }
        guard !values.isEmpty else { return never }
        return condition(.or(values.map { .comparison(.attribute(path), .equal, $0) }))
    }

    /// SQLite's JSON path for `path`: `$."a"."b"` (keys quoted, so `-` and digits are plain key characters).
    static func sqlitePath(_ path: [String]) -> String {
        "$" + path.map { ".\"" + $0 + "\"" }.joined()
    }

    /// PostgreSQL's text array literal for `path`: `{"a","b"}`, with `"` and `\` in keys escaped.
    static func postgresPath(_ path: [String]) -> String {
        let elements = path.map { key in
            "\"" + key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "{" + elements.joined(separator: ",") + "}"
    }
}
