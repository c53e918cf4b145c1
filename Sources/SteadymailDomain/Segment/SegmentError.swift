/// Why a segment expression was refused, and where.
///
/// It exists so that an operator who mistyped a segment is told what is wrong and at which column (1-based, counted in
/// characters), instead of a campaign quietly targeting nobody, or everybody.
public struct SegmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of problem a segment can have.
    public enum Reason: Sendable, Equatable {
        /// The expression is empty or only white space.
        case empty
        /// The expression is longer than `SegmentParser.maximumLength` characters.
        case tooLong
        /// Parentheses and `not` nest deeper than `SegmentParser.maximumDepth`.
        case tooDeep
        /// An `in` list holds more than `SegmentParser.maximumListCount` values.
        case tooManyValues
        /// A name that is neither a field nor a keyword.
        case unknownField(String)
        /// A string literal without its closing quote.
        case unterminatedString
        /// A character that starts no token.
        case unexpectedCharacter(Character)
        /// A token where another was expected; `expected` says what would have fitted.
        case unexpectedToken(found: String, expected: String)
        /// The expression ended where more was expected.
        case unexpectedEnd(expected: String)
        /// A `(` without its `)`.
        case missingClosingParenthesis
        /// A value whose type does not suit the field or the operator.
        case wrongValueType(field: String, expected: String)
        /// A status that is not one of the subscriber statuses.
        case unknownStatus(String)
        /// A day that is not a real `YYYY-MM-DD` date.
        case invalidDay(String)
        /// An operator the field does not support.
        case unsupportedOperator(field: String, operator: String)
        /// A number that cannot be read.
        case invalidNumber(String)
    }

    /// What is wrong.
    public var reason: Reason
    /// The 1-based column, in characters, where the problem starts.
    public var column: Int

    public init(_ reason: Reason, column: Int) {
        self.reason = reason
        self.column = column
    }

    /// The problem in one sentence, without the column.
    public var message: String {
        switch reason {
        case .empty: "the segment is empty"
        case .tooLong: "the segment is longer than \(SegmentParser.maximumLength) characters"
        case .tooDeep: "parentheses and 'not' nest deeper than \(SegmentParser.maximumDepth) levels"
        case .tooManyValues: "an 'in' list holds more than \(SegmentParser.maximumListCount) values"
        case .unknownField(let name):
            "unknown field '\(name)' (fields: email, name, status, created_at, attributes.<key>)"
        case .unterminatedString: "unterminated string: a closing ' is missing"
        case .unexpectedCharacter(let character): "unexpected character '\(character)'"
        case .unexpectedToken(let found, let expected): "unexpected \(found), expected \(expected)"
        case .unexpectedEnd(let expected): "the segment ends early, expected \(expected)"
        case .missingClosingParenthesis: "missing ')'"
        case .wrongValueType(let field, let expected): "\(field) takes \(expected)"
        case .unknownStatus(let status):
            "unknown status '\(status)' (statuses: \(SegmentParser.statuses.joined(separator: ", ")))"
        case .invalidDay(let text): "'\(text)' is not a day written YYYY-MM-DD"
        case .unsupportedOperator(let field, let op): "\(field) does not support '\(op)'"
        case .invalidNumber(let text): "'\(text)' is not a number"
        }
    }

    public var description: String { "column \(column): \(message)" }
}
