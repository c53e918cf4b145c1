/// The typing rules of the segment language: which values and operators each field accepts.
///
/// It exists so that a segment that can never mean what its author wanted (`status = 'active'`,
/// `created_at > 5`, `email > 3`) is refused at the column of the value instead of matching nobody.
enum SegmentValueCheck {
    typealias Literal = SegmentTokenReader.Literal

    /// The value of `field <comparison> literal`.
    static func compared(
        _ literal: Literal, _ field: SegmentField, _ comparison: SegmentComparison, _ column: Int
    ) throws(SegmentError) -> SegmentValue {
        if case .null = literal {
            throw SegmentError(
                .unexpectedToken(found: "null", expected: "a value ('is null' tests for a missing value)"),
                column: column)
        }
        switch field {
        case .email, .name:
            return try text(literal, field, column)
        case .status:
            guard comparison == .equal || comparison == .notEqual else {
                throw SegmentError(.unsupportedOperator(field: "status", operator: comparison.rawValue), column: column)
            }
            return try status(literal, column)
        case .createdAt:
            guard case .text(let text) = literal else {
                throw SegmentError(.wrongValueType(field: "created_at", expected: "a day 'YYYY-MM-DD'"), column: column)
            }
            guard let days = SegmentDay.daysSince1970(text) else {
                throw SegmentError(.invalidDay(text), column: column)
            }
            return .day(daysSince1970: days)
        case .attribute:
            let value = try attributeValue(literal, column)
            if case .boolean = value, comparison != .equal, comparison != .notEqual {
                throw SegmentError(
                    .unsupportedOperator(field: "a boolean", operator: comparison.rawValue), column: column)
            }
            return value
        }
    }

    /// Checks that `field` supports a text match (`contains`, `starts with`, `ends with`).
    static func matched(_ field: SegmentField, _ match: SegmentTextMatch, column: Int) throws(SegmentError) {
        switch field {
        case .email, .name, .attribute: return
        case .status, .createdAt:
            throw SegmentError(.unsupportedOperator(field: field.spelling, operator: match.rawValue), column: column)
        }
    }

    /// The values of `field in (...)`: all strings, or (for attributes) all numbers.
    static func listed(
        _ literals: [(Literal, Int)], _ field: SegmentField, column: Int
    ) throws(SegmentError) -> [SegmentValue] {
        var values: [SegmentValue] = []
        for (literal, valueColumn) in literals {
            let value: SegmentValue
            switch field {
            case .email, .name: value = try text(literal, field, valueColumn)
            case .status: value = try status(literal, valueColumn)
            case .createdAt:
                throw SegmentError(.unsupportedOperator(field: "created_at", operator: "in"), column: column)
            case .attribute:
                value = try attributeValue(literal, valueColumn)
                if case .boolean = value {
                    throw SegmentError(
                        .wrongValueType(field: "in", expected: "strings or numbers"), column: valueColumn)
                }
            }
            if let first = values.first, isText(first) != isText(value) {
                throw SegmentError(
                    .wrongValueType(field: "in", expected: "values of one type (all strings or all numbers)"),
                    column: valueColumn)
            }
            values.append(value)
        }
        return values
    }

    private static func isText(_ value: SegmentValue) -> Bool {
        if case .text = value { return true }
        return false
    }

    private static func text(_ literal: Literal, _ field: SegmentField, _ column: Int) throws(SegmentError)
        -> SegmentValue
    {
        guard case .text(let text) = literal else {
            throw SegmentError(.wrongValueType(field: field.spelling, expected: "a string"), column: column)
        }
        return .text(text)
    }

    private static func status(_ literal: Literal, _ column: Int) throws(SegmentError) -> SegmentValue {
        guard case .text(let text) = literal else {
            throw SegmentError(.wrongValueType(field: "status", expected: "a string"), column: column)
        }
        guard SegmentParser.statuses.contains(text) else { throw SegmentError(.unknownStatus(text), column: column) }
        return .text(text)
    }

    private static func attributeValue(_ literal: Literal, _ column: Int) throws(SegmentError) -> SegmentValue {
        switch literal {
        case .text(let text): return .text(text)
        case .boolean(let flag): return .boolean(flag)
        case .null:
            throw SegmentError(
                .unexpectedToken(found: "null", expected: "a value ('is null' tests for a missing value)"),
                column: column)
        case .number(let number):
            guard let value = parseNumber(number) else { throw SegmentError(.invalidNumber(number), column: column) }
            return value
        }
    }

    /// `-?digits` is an integer (a real beyond 64 bits); `-?digits.digits` is a real.
    private static func parseNumber(_ text: String) -> SegmentValue? {
        let unsigned = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) }) else {
            return nil
        }
        if parts.count == 1, let integer = Int64(text) { return .integer(integer) }
        return Double(text).map(SegmentValue.real)
    }
}
