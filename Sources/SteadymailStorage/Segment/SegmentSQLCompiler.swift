import SteadymailDomain

/// Turns a checked `SegmentExpression` into a boolean SQL condition over the subscribers table under the alias `s`.
///
/// It exists so that segments run inside the database, for any number of subscribers, in both backends, and so that
/// nothing a user typed ever becomes SQL text: every value, every LIKE pattern and every attribute path (SQLite
/// `'$."key"'`, PostgreSQL `'key'` or `'{"a","b"}'`) is a bound argument. The fixed SQL around them is the only text.
///
/// Semantics (the same in both dialects; see docs/segments.md):
/// - Every predicate is two-valued: a missing attribute makes a comparison false, never NULL, so `not` and `!=`
///   behave as written (`not (attributes.city = 'Berlin')` matches subscribers without a city).
/// - A comparison with an attribute holds only when the attribute has the literal's JSON type: a string literal
///   matches JSON strings, a number JSON numbers (compared as numbers), `true`/`false` JSON booleans.
/// - `contains`, `starts with` and `ends with` are LIKE (SQLite) or ILIKE (PostgreSQL) with `%`, `_` and `\` of the
///   value escaped, so they ignore the case of ASCII letters.
/// - `created_at` against a day covers that UTC day: `= '2026-03-01'` is the whole day, `> '2026-03-01'` from the next.
/// - Combinations the parser never produces (a day with an attribute, a number with `email`) compile to false.
public enum SegmentSQLCompiler {
    /// The condition for `expression`; PostgreSQL placeholders are numbered from `firstPlaceholder` (SQLite uses `?`).
    public static func compile(_ expression: SegmentExpression, dialect: SQLDialect, firstPlaceholder: Int = 1)
        -> SQLFragment
    {
        var builder = SegmentSQLBuilder(dialect: dialect, nextPlaceholder: firstPlaceholder)
        let sql = builder.condition(expression)
        return SQLFragment(sql: sql, arguments: builder.arguments)
    }
}

/// Accumulates the arguments of one fragment while the condition is written.
struct SegmentSQLBuilder {
    let dialect: SQLDialect
    var nextPlaceholder: Int
    var arguments: [SQLArgument] = []

    /// The condition that is always false, for combinations the parser never produces.
    var never: String { dialect == .sqlite ? "0" : "FALSE" }

    /// Appends `argument` and returns its placeholder.
    mutating func bind(_ argument: SQLArgument) -> String {
        arguments.append(argument)
        switch dialect {
        case .sqlite:
            return "?"
        case .postgres:
            defer { nextPlaceholder += 1 }
            return "$\(nextPlaceholder)"
        }
    }

    mutating func condition(_ expression: SegmentExpression) -> String {
        switch expression {
        case .and(let operands): return joined(operands, with: " AND ")
        case .or(let operands): return joined(operands, with: " OR ")
        case .not(let operand): return "(NOT " + condition(operand) + ")"
        case .comparison(let field, let comparison, let value):
            if case .attribute(let path) = field { return attributeComparison(path, comparison, value) }
            return columnComparison(field, comparison, value)
        case .textMatch(let field, let match, let text):
            let pattern = SQLArgument.text(Self.likePattern(text, match))
            if case .attribute(let path) = field { return attributeLike(path, pattern) }
            return "(\(column(field)) \(like) \(bind(pattern)) ESCAPE '\\')"
        case .oneOf(let field, let values):
            if case .attribute(let path) = field { return attributeMembership(path, values) }
            return columnMembership(field, values)
        case .isNull(let field):
            if case .attribute(let path) = field { return "(\(attributeText(path)) IS NULL)" }
            return "(\(column(field)) IS NULL)"
        }
    }

    private mutating func joined(_ operands: [SegmentExpression], with separator: String) -> String {
        guard !operands.isEmpty else { return separator == " AND " ? (dialect == .sqlite ? "1" : "TRUE") : never }
        var parts: [String] = []
        for operand in operands { parts.append(condition(operand)) }
        return "(" + parts.joined(separator: separator) + ")"
    }

    var like: String { dialect == .sqlite ? "LIKE" : "ILIKE" }

    /// `text` as a LIKE pattern for `match`, with the LIKE wildcards and the escape character of the value escaped.
    static func likePattern(_ text: String, _ match: SegmentTextMatch) -> String {
        var escaped = ""
        for character in text {
            if character == "\\" || character == "%" || character == "_" { escaped.append("\\") }
            escaped.append(character)
        }
        switch match {
        case .contains: return "%" + escaped + "%"
        case .startsWith: return escaped + "%"
        case .endsWith: return "%" + escaped
        }
    }
}
