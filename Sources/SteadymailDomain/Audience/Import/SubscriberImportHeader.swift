/// The header row of a subscriber CSV, mapped to what each column means, and the reading of each later row by it.
///
/// It exists so that the rules of an import are one pure, tested piece: `email` is required, `name`, `status` and
/// `attributes` (a JSON object) are known columns (header names compared without case), and every other column is a
/// string attribute under its header name, an empty cell leaving that attribute unset.
public struct SubscriberImportHeader: Sendable, Equatable {
    public enum Column: Sendable, Equatable {
        case email, name, status, attributes
        case attribute(String)
    }

    public let columns: [Column]

    /// Maps the header's fields; refuses a header without `email`, with an unnamed column, or with a name twice.
    public init(_ fields: [String]) throws(SubscriberImportHeaderError) {
        var seen = Set<String>()
        var columns: [Column] = []
        for (index, raw) in fields.enumerated() {
            let name = raw.trimmingASCIIWhitespace()
            guard !name.isEmpty else { throw .unnamedColumn(index + 1) }
            let folded = name.lowercased()
            guard seen.insert(folded).inserted else { throw .duplicateColumn(name) }
            switch folded {
            case "email": columns.append(.email)
            case "name": columns.append(.name)
            case "status": columns.append(.status)
            case "attributes": columns.append(.attributes)
            default: columns.append(.attribute(name))
            }
        }
        guard columns.contains(.email) else { throw .missingEmail }
        self.columns = columns
    }

    /// Reads one data row: the subscriber it describes, or why it is skipped.
    public func subscriber(from fields: [String]) -> Result<ImportedSubscriber, SubscriberImportSkip> {
        guard fields.count == columns.count else { return .failure(.wrongFieldCount) }
        var email = ""
        var name: String?
        var status: SubscriberStatus?
        var json: [String: JSONValue] = [:]
        var strings: [String: JSONValue] = [:]
        for (column, value) in zip(columns, fields) {
            switch column {
            case .email:
                email = value
            case .name:
                let trimmed = value.trimmingASCIIWhitespace()
                name = trimmed.isEmpty ? nil : trimmed
            case .status:
                let trimmed = value.trimmingASCIIWhitespace().lowercased()
                guard !trimmed.isEmpty else { continue }
                guard let parsed = SubscriberStatus(rawValue: trimmed), parsed == .enabled || parsed == .blocklisted
                else { return .failure(.badStatus) }
                status = parsed
            case .attributes:
                guard !value.trimmingASCIIWhitespace().isEmpty else { continue }
                guard let object = try? JSONValue.object(json: value) else { return .failure(.badAttributes) }
                json = object
            case .attribute(let key):
                if !value.isEmpty { strings[key] = ImportedCell.value(value) }
            }
        }
        guard let normalised = try? SubscriberEmail.normalised(email.trimmingASCIIWhitespace()) else {
            return .failure(.invalidAddress)
        }
        json.merge(strings) { _, column in column }
        return .success(ImportedSubscriber(email: normalised, name: name, status: status, attributes: json))
    }
}

/// Why a header row is refused; nothing is imported then.
public enum SubscriberImportHeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingEmail
    case duplicateColumn(String)
    case unnamedColumn(Int)
    /// The file holds no header row at all.
    case empty
    /// The header row itself cannot be read.
    case unreadable(CSVRecordError)

    public var description: String {
        switch self {
        case .empty: "the file is empty: it needs a header row naming an email column"
        case .unreadable(let error): "the header row cannot be read: \(error)"
        case .missingEmail: "the header row has no email column"
        case .duplicateColumn(let name): "the header row names the column \(name) twice"
        case .unnamedColumn(let index): "column \(index) of the header row has no name"
        }
    }
}

/// One subscriber read from an import row, the address normalised.
public struct ImportedSubscriber: Sendable, Equatable, Codable {
    public var email: String
    /// Nil when the row has no name (a known subscriber keeps theirs).
    public var name: String?
    /// Nil when the row sets none (`enabled` for a new subscriber).
    public var status: SubscriberStatus?
    public var attributes: [String: JSONValue]

    public init(
        email: String, name: String? = nil, status: SubscriberStatus? = nil, attributes: [String: JSONValue] = [:]
    ) {
        self.email = email
        self.name = name
        self.status = status
        self.attributes = attributes
    }
}

/// Why an import skipped a row, as its report names it.
public enum SubscriberImportSkip: String, Error, Sendable, Equatable, Codable, CaseIterable {
    case invalidAddress = "invalid_address"
    case duplicate
    case suppressed
    case wrongFieldCount = "wrong_field_count"
    case badStatus = "bad_status"
    case badAttributes = "bad_attributes"
    case unterminatedQuote = "unterminated_quote"
    case textAfterClosingQuote = "text_after_closing_quote"
    case recordTooLong = "record_too_long"
    case invalidUTF8 = "invalid_utf8"

    public init(_ kind: CSVRecordError.Kind) {
        switch kind {
        case .unterminatedQuote: self = .unterminatedQuote
        case .textAfterClosingQuote: self = .textAfterClosingQuote
        case .recordTooLong: self = .recordTooLong
        case .invalidUTF8: self = .invalidUTF8
        }
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs, CR and LF (Foundation-free).
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
