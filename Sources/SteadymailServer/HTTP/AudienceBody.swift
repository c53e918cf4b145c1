import Foundation
import Hummingbird
import NIOCore
import SteadymailDomain

/// A JSON object body of the list and subscriber endpoints, read strictly: an unknown field, or a value of the wrong
/// type, is a 400 naming the field; `null` is an absent field.
///
/// It exists so that `POST /v1/lists`, `POST /v1/subscribers`, `PATCH /v1/subscribers/{email}` and
/// `POST /v1/subscribers/{email}/subscriptions` check their bodies with one set of rules, keeping attribute values in
/// their JSON types.
struct AudienceBody {
    /// The largest body accepted (attributes included).
    static let maximumSize = 256 * 1024

    let fields: [String: JSONValue]

    static func read(_ request: Request, allowed: Set<String>) async throws -> AudienceBody {
        var request = request
        let buffer = try await request.collectBody(upTo: maximumSize)
        return try AudienceBody(json: Data(buffer: buffer), allowed: allowed)
    }

    init(json: Data, allowed: Set<String>) throws(APIError) {
        guard let object = try? JSONDecoder().decode(JSONValue.self, from: json), case .object(let members) = object
        else { throw APIError.badRequest("invalid_json", "the body must be a JSON object") }
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            let known = allowed.sorted().joined(separator: ", ")
            throw APIError.badRequest("invalid_request", "\(unknown): unknown field (known: \(known))")
        }
        fields = members.filter { $0.value != .null }
    }

    func string(_ name: String, required: Bool = false) throws(APIError) -> String? {
        switch fields[name] {
        case nil:
            if required { throw APIError.badRequest("invalid_request", "\(name): required, a string") }
            return nil
        case .string(let text): return text
        default: throw APIError.badRequest("invalid_request", "\(name): must be a string")
        }
    }

    func bool(_ name: String) throws(APIError) -> Bool? {
        switch fields[name] {
        case nil: return nil
        case .bool(let value): return value
        default: throw APIError.badRequest("invalid_request", "\(name): must be true or false")
        }
    }

    func object(_ name: String) throws(APIError) -> [String: JSONValue]? {
        switch fields[name] {
        case nil: return nil
        case .object(let members): return members
        default: throw APIError.badRequest("invalid_request", "\(name): must be a JSON object")
        }
    }

    func strings(_ name: String) throws(APIError) -> [String]? {
        switch fields[name] {
        case nil: return nil
        case .array(let items):
            var values: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item else {
                    throw APIError.badRequest("invalid_request", "\(name)[\(index)]: must be a string")
                }
                values.append(text)
            }
            return values
        default: throw APIError.badRequest("invalid_request", "\(name): must be a list of strings")
        }
    }
}

extension AudienceError {
    /// The API's answer to this refusal.
    var apiError: APIError {
        switch self {
        case .invalid: APIError.badRequest("invalid_request", description)
        case .notFound: APIError(.notFound, code: "not_found", message: description)
        case .conflict: APIError(.conflict, code: "conflict", message: description)
        case .unprocessable: APIError(.unprocessableContent, code: "unprocessable", message: description)
        case .unavailable: APIError(.unprocessableContent, code: "not_configured", message: description)
        }
    }
}
