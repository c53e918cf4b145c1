import Foundation
import Hummingbird
import NIOCore

/// Reads the body of `POST /v1/incidents/{id}/note`: `{"note": "text"}` sets the public note, `{"note": null}`
/// removes it.
///
/// It exists so that the field is required (an empty or mistyped body must not silently clear a note the public
/// reads) and every refusal is a 400 naming the field.
enum IncidentNoteBody {
    /// The note to set, or nil to clear it.
    static func note(_ request: Request, context: APIRequestContext) async throws -> String? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, code: "payload_too_large",
                message: "the request body is larger than \(context.maxUploadSize) bytes")
        }
        return try note(Data(buffer.readableBytesView))
    }

    static func note(_ body: Data) throws(APIError) -> String? {
        guard let parsed = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            throw APIError.badRequest("invalid_json", "the request body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw APIError.badRequest("invalid_request", "the request body must be a JSON object")
        }
        if let unknown = object.keys.sorted().first(where: { $0 != "note" }) {
            throw APIError.badRequest("invalid_request", "\(unknown): unknown field (known: note)")
        }
        switch object["note"] {
        case nil: throw APIError.badRequest("invalid_request", "note: required (a string, or null to remove it)")
        case is NSNull: return nil
        case let text as String:
            do {
                return try PublicNote.check(text)
            } catch {
                throw APIError.badRequest("invalid_request", error.description)
            }
        default: throw APIError.badRequest("invalid_request", "note: must be a string or null")
        }
    }
}
