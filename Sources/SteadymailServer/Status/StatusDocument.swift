import Foundation
import SteadymailDomain

/// The JSON of `GET /status.json`: a `StatusSnapshot` with snake_case keys and RFC 3339 times, every key present
/// (null when unknown), as docs/status.schema.json describes it.
///
/// It exists so that the routes and the tests encode the document the same way.
public enum StatusDocument {
    public static func json(_ snapshot: StatusSnapshot) throws -> Data {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(InternetDate.rfc3339(date))
        }
        return try encoder.encode(snapshot)
    }
}
