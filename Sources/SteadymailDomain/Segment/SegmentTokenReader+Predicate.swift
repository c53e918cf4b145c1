extension SegmentTokenReader {
    /// A literal as written, before it is checked against its field.
    enum Literal {
        case text(String)
        case number(String)
        case boolean(Bool)
        case null
    }

    static let operatorList = "an operator (=, !=, <, <=, >, >=, contains, starts with, ends with, in, is null)"

    mutating func predicate() throws(SegmentError) -> SegmentExpression {
        let field = try self.field()
        let operatorToken = current
        if case .symbol(let symbol) = operatorToken.kind,
            let comparison = SegmentComparison(rawValue: symbol == "<>" ? "!=" : symbol)
        {
            advance()
            let (literal, column) = try self.literal()
            return .comparison(field, comparison, try SegmentValueCheck.compared(literal, field, comparison, column))
        }
        if let match = try textMatch() {
            let column = current.column
            guard case .text(let text) = current.kind else {
                if current.kind == .end { throw unexpected("a string") }
                throw SegmentError(.wrongValueType(field: match.rawValue, expected: "a string"), column: column)
            }
            try SegmentValueCheck.matched(field, match, column: operatorToken.column)
            advance()
            return .textMatch(field, match, text)
        }
        if current.isKeyword("not") {
            advance()
            guard current.isKeyword("in") else { throw unexpected("'in'") }
            return .not(try membership(field))
        }
        if current.isKeyword("in") { return try membership(field) }
        if current.isKeyword("is") {
            advance()
            let negated = current.isKeyword("not")
            if negated { advance() }
            try expectKeyword("null")
            return negated ? .not(.isNull(field)) : .isNull(field)
        }
        throw unexpected(Self.operatorList)
    }

    private mutating func field() throws(SegmentError) -> SegmentField {
        guard case .word(let word) = current.kind else { throw unexpected("a field") }
        let column = current.column
        let lowered = word.lowercased()
        let field: SegmentField
        switch lowered {
        case "email": field = .email
        case "name": field = .name
        case "status": field = .status
        case "created_at": field = .createdAt
        default:
            let prefix = "attributes."
            guard lowered.hasPrefix(prefix) else { throw SegmentError(.unknownField(word), column: column) }
            let path = word.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
            guard path.allSatisfy({ !$0.isEmpty }) else { throw SegmentError(.unknownField(word), column: column) }
            field = .attribute(path.map(String.init))
        }
        advance()
        return field
    }

    /// Reads `contains`, `starts with` or `ends with`; nil when the current token starts none of them.
    private mutating func textMatch() throws(SegmentError) -> SegmentTextMatch? {
        if current.isKeyword("contains") {
            advance()
            return .contains
        }
        for (keyword, match) in [("starts", SegmentTextMatch.startsWith), ("ends", .endsWith)]
        where current.isKeyword(keyword) {
            advance()
            try expectKeyword("with")
            return match
        }
        return nil
    }

    private mutating func literal() throws(SegmentError) -> (Literal, Int) {
        let column = current.column
        let literal: Literal
        switch current.kind {
        case .text(let text): literal = .text(text)
        case .number(let number): literal = .number(number)
        case .word where current.isKeyword("true"): literal = .boolean(true)
        case .word where current.isKeyword("false"): literal = .boolean(false)
        case .word where current.isKeyword("null"): literal = .null
        default: throw unexpected("a value (a 'string', a number, true or false)")
        }
        advance()
        return (literal, column)
    }

    private mutating func membership(_ field: SegmentField) throws(SegmentError) -> SegmentExpression {
        let inToken = current
        advance()
        guard current.isSymbol("(") else { throw unexpected("'(' after 'in'") }
        advance()
        var values: [(Literal, Int)] = []
        while true {
            guard values.count < SegmentParser.maximumListCount else {
                throw SegmentError(.tooManyValues, column: current.column)
            }
            values.append(try literal())
            if current.isSymbol(",") {
                advance()
                continue
            }
            guard current.isSymbol(")") else {
                if current.kind == .end { throw SegmentError(.missingClosingParenthesis, column: inToken.column) }
                throw unexpected("',' or ')'")
            }
            advance()
            return .oneOf(field, try SegmentValueCheck.listed(values, field, column: inToken.column))
        }
    }
}
