/// Reads the segment language into a checked `SegmentExpression`.
///
/// It exists so that a segment is refused when it is saved, with the column of the problem, rather than failing or
/// misbehaving when the campaign runs. It never crashes: size, nesting and list length are bounded. The language is
/// described in docs/segments.md; in short:
///
///     expression := term ('or' term)*
///     term       := factor ('and' factor)*
///     factor     := 'not' factor | '(' expression ')' | predicate
///     predicate  := field ('=' | '!=' | '<>' | '<' | '<=' | '>' | '>=') value
///                 | field ('contains' | 'starts' 'with' | 'ends' 'with') string
///                 | field ['not'] 'in' '(' value (',' value)* ')'
///                 | field 'is' ['not'] 'null'
///     field      := 'email' | 'name' | 'status' | 'created_at' | 'attributes.' key ('.' key)*
///     value      := string | number | 'true' | 'false'
///
/// Keywords and the built-in field names are read without regard to case; attribute keys are case-sensitive.
public enum SegmentParser {
    /// The longest expression accepted, in characters.
    public static let maximumLength = 4_000
    /// How deep parentheses and `not` may nest.
    public static let maximumDepth = 32
    /// The most values one `in` list may hold.
    public static let maximumListCount = 1_000
    /// The subscriber statuses a `status` comparison may name.
    public static let statuses = SubscriberStatus.allCases.map(\.rawValue)

    /// Parses and checks `text`; throws the first problem found, with its column.
    public static func parse(_ text: String) throws(SegmentError) -> SegmentExpression {
        guard text.count <= maximumLength else { throw SegmentError(.tooLong, column: maximumLength + 1) }
        var reader = SegmentTokenReader(tokens: try SegmentLexer.tokens(text))
        guard reader.current.kind != .end else { throw SegmentError(.empty, column: 1) }
        let expression = try reader.expression(depth: 0)
        guard reader.current.kind == .end else {
            throw SegmentError(
                .unexpectedToken(found: reader.current.spelling, expected: "'and', 'or' or the end of the segment"),
                column: reader.current.column)
        }
        return expression
    }
}

/// Recursive descent over the tokens of one expression.
struct SegmentTokenReader {
    private let tokens: [SegmentToken]
    private var index = 0

    init(tokens: [SegmentToken]) {
        self.tokens = tokens
    }

    var current: SegmentToken { tokens[index] }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func expression(depth: Int) throws(SegmentError) -> SegmentExpression {
        var operands = [try term(depth: depth)]
        while current.isKeyword("or") {
            advance()
            operands.append(try term(depth: depth))
        }
        return operands.count == 1 ? operands[0] : .or(operands)
    }

    private mutating func term(depth: Int) throws(SegmentError) -> SegmentExpression {
        var operands = [try factor(depth: depth)]
        while current.isKeyword("and") {
            advance()
            operands.append(try factor(depth: depth))
        }
        return operands.count == 1 ? operands[0] : .and(operands)
    }

    private mutating func factor(depth: Int) throws(SegmentError) -> SegmentExpression {
        if current.isKeyword("not") || current.isSymbol("(") {
            guard depth < SegmentParser.maximumDepth else { throw SegmentError(.tooDeep, column: current.column) }
        }
        if current.isKeyword("not") {
            advance()
            return .not(try factor(depth: depth + 1))
        }
        if current.isSymbol("(") {
            let open = current
            advance()
            let inner = try expression(depth: depth + 1)
            guard current.isSymbol(")") else {
                if current.kind == .end { throw SegmentError(.missingClosingParenthesis, column: open.column) }
                throw SegmentError(
                    .unexpectedToken(found: current.spelling, expected: "')', 'and' or 'or'"), column: current.column)
            }
            advance()
            return inner
        }
        return try predicate()
    }

    /// Fails with the token found, saying what was expected.
    func unexpected(_ expected: String) -> SegmentError {
        if current.kind == .end { return SegmentError(.unexpectedEnd(expected: expected), column: current.column) }
        return SegmentError(.unexpectedToken(found: current.spelling, expected: expected), column: current.column)
    }

    /// Consumes the keyword or fails saying it was expected.
    mutating func expectKeyword(_ keyword: String) throws(SegmentError) {
        guard current.isKeyword(keyword) else { throw unexpected("'\(keyword)'") }
        advance()
    }
}
