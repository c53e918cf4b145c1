import SteadymailDomain

extension SegmentSQLBuilder {
    func column(_ field: SegmentField) -> String {
        switch field {
        case .email: "s.email"
        case .name: "s.name"
        case .status: "s.status"
        case .createdAt: "s.created_at"
        case .attribute: "s.attributes"
        }
    }

    /// `s.email COLLATE "C"` in PostgreSQL for ordering comparisons, so that text orders by code point in both
    /// dialects as in SQLite's default collation.
    func ordered(_ expression: String, _ comparison: SegmentComparison) -> String {
        guard dialect == .postgres, comparison != .equal, comparison != .notEqual else { return expression }
        return expression + " COLLATE \"C\""
    }

    mutating func columnComparison(_ field: SegmentField, _ comparison: SegmentComparison, _ value: SegmentValue)
        -> String
    {
        switch (field, value) {
        case (.email, .text(let text)), (.name, .text(let text)), (.status, .text(let text)):
            return "(\(ordered(column(field), comparison)) \(Self.sql(comparison)) \(bind(.text(text))))"
        case (.createdAt, .day(let days)):
            return dayComparison(comparison, days)
        default:
            return never
        }
    }

    /// `created_at` against a whole UTC day, as a range of milliseconds.
    private mutating func dayComparison(_ comparison: SegmentComparison, _ days: Int64) -> String {
        let start = SQLArgument.integer(SegmentDay.startMilliseconds(daysSince1970: days))
        let end = SQLArgument.integer(SegmentDay.startMilliseconds(daysSince1970: days + 1))
        switch comparison {
        case .equal: return "(s.created_at >= \(bind(start)) AND s.created_at < \(bind(end)))"
        case .notEqual: return "(s.created_at < \(bind(start)) OR s.created_at >= \(bind(end)))"
        case .less: return "(s.created_at < \(bind(start)))"
        case .lessOrEqual: return "(s.created_at < \(bind(end)))"
        case .greater: return "(s.created_at >= \(bind(end)))"
        case .greaterOrEqual: return "(s.created_at >= \(bind(start)))"
        }
    }

    mutating func columnMembership(_ field: SegmentField, _ values: [SegmentValue]) -> String {
        var placeholders: [String] = []
        for value in values {
            guard case .text(let text) = value, field != .createdAt else { return never }
            placeholders.append(bind(.text(text)))
        }
        guard !placeholders.isEmpty else { return never }
        return "(\(column(field)) IN (\(placeholders.joined(separator: ", "))))"
    }

    static func sql(_ comparison: SegmentComparison) -> String {
        comparison == .notEqual ? "<>" : comparison.rawValue
    }
}
