/// A parsed segment: a condition over one subscriber that selects who of a campaign's lists receives it.
///
/// It exists so that what an operator typed (`attributes.city = 'Berlin' and status = 'enabled'`) is checked once,
/// by `SegmentParser`, into a typed tree that every storage backend can compile into its own parameterised SQL
/// without ever seeing the text again. Every value in the tree has already been checked against its field.
public indirect enum SegmentExpression: Sendable, Equatable {
    /// True when every operand is true (`a and b and c`).
    case and([SegmentExpression])
    /// True when at least one operand is true (`a or b`).
    case or([SegmentExpression])
    /// True when the operand is false (`not a`).
    case not(SegmentExpression)
    /// A field compared with one value (`attributes.age >= 18`).
    case comparison(SegmentField, SegmentComparison, SegmentValue)
    /// A text field matched against a piece of text, without regard to ASCII case (`email ends with '@example.org'`).
    case textMatch(SegmentField, SegmentTextMatch, String)
    /// A field equal to one of the values (`status in ('enabled', 'bounced')`); the values share one type.
    case oneOf(SegmentField, [SegmentValue])
    /// True when the field holds no value: an attribute that is missing or JSON null (`attributes.plan is null`).
    case isNull(SegmentField)
}

/// What a segment can look at: the subscriber's own columns, or one attribute of its JSON attributes.
public enum SegmentField: Sendable, Equatable, Hashable {
    /// The normalised address.
    case email
    /// The display name.
    case name
    /// One of the subscriber statuses (`enabled`, `unsubscribed`, `blocklisted`, `bounced`).
    case status
    /// When the subscriber was created; compared with days written `'YYYY-MM-DD'` (UTC).
    case createdAt
    /// An attribute, by its path of keys (`attributes.address.city` is `["address", "city"]`).
    case attribute([String])

    /// The field as written in a segment.
    public var spelling: String {
        switch self {
        case .email: "email"
        case .name: "name"
        case .status: "status"
        case .createdAt: "created_at"
        case .attribute(let path): "attributes." + path.joined(separator: ".")
        }
    }
}

/// The comparison operators of the segment language.
public enum SegmentComparison: String, Sendable, Equatable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
}

/// The text matches of the segment language.
public enum SegmentTextMatch: String, Sendable, Equatable, CaseIterable {
    case contains = "contains"
    case startsWith = "starts with"
    case endsWith = "ends with"
}

/// A literal value of a segment, already checked against the field it is compared with.
public enum SegmentValue: Sendable, Equatable {
    /// A quoted string.
    case text(String)
    /// A whole number.
    case integer(Int64)
    /// A number with a fractional part, or a whole number too large for `integer`.
    case real(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// A day (UTC) compared with `created_at`, counted in days since 1970-01-01.
    case day(daysSince1970: Int64)
}
