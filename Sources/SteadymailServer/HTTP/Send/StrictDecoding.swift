import Foundation

/// A coding key for any name, to list the keys a JSON object actually has.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Decoding rules the send API applies to every request object, beyond what `JSONDecoder` does by itself.
///
/// It exists because `JSONDecoder` ignores fields it does not know and describes a wrong type in terms of Swift types:
/// a misspelt field (`"subjcet"`) would silently send mail without a subject, so an unknown field is refused, and a
/// wrong type is reported with the field's path and the JSON type that was expected.
enum StrictDecoding {
    /// Throws a `FieldProblem` naming the first field of the object at `decoder` that `Keys` does not list.
    static func refuseUnknownFields<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, allowed: Keys.Type) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        let unknown = container.allKeys.map(\.stringValue).filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw FieldProblem(path: decoder.codingPath + [AnyCodingKey(stringValue: first)], "unknown field")
        }
    }

    /// Decodes one request object, turning every failure into the API error the client sees: malformed JSON is
    /// `invalid_json`, anything else an `invalid_request` naming the field.
    static func decode<Value: Decodable>(_ type: Value.Type, from body: [UInt8]) throws(APIError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(body))
        } catch let problem as FieldProblem {
            throw problem.apiError
        } catch let error as DecodingError {
            throw apiError(error)
        } catch {
            throw APIError.badRequest("invalid_json", "the request body is not valid JSON")
        }
    }

    /// The problem a decoding error describes, as the client should read it. `pathOffset` leading path components are
    /// dropped (a batch item reports paths relative to itself).
    static func problem(_ error: any Error, pathOffset: Int = 0) -> FieldProblem? {
        if let problem = error as? FieldProblem { return problem.dropping(pathOffset) }
        guard let error = error as? DecodingError else { return nil }
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return FieldProblem(path: Array(context.codingPath.dropFirst(pathOffset)), "expected \(jsonType(type))")
        case .keyNotFound(let key, let context):
            return FieldProblem(path: Array((context.codingPath + [key]).dropFirst(pathOffset)), "required")
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? nil : FieldProblem(path: Array(context.codingPath.dropFirst(pathOffset)), "not a valid value")
        @unknown default:
            return nil
        }
    }

    private static func apiError(_ error: DecodingError) -> APIError {
        guard let problem = problem(error) else {
            return APIError.badRequest("invalid_json", "the request body is not valid JSON")
        }
        return problem.apiError
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Double.Type: "a number"
        case is [String: String].Type: "an object of strings"
        case is [Any].Type: "an array"
        default:
            String(describing: type).hasPrefix("Array") ? "an array" : "an object"
        }
    }
}
