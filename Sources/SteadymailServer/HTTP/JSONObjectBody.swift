import Foundation
import Hummingbird
import NIOCore

/// Reads a small JSON request body whose fields are all optional strings, such as the selector of
/// `POST /v1/queue/retry`.
///
/// It exists so that such a body is checked strictly: a field the endpoint does not know is a 400 naming it (a typo
/// such as `domian` must not widen a selection to the whole queue), a value that is not a string is a 400 naming the
/// field, so is a control character (CR, LF, NUL, ...: values end up in log lines), and a body over the request size
/// limit is a 413. An empty body is an empty object; a `null` value is an absent field. Bodies that carry text with
/// lines (templates) may allow CR, LF and tab, never other control characters.
enum JSONObjectBody {
    static func strings(
        _ request: Request, context: APIRequestContext, allowed: Set<String>, allowingLineBreaks: Bool = false
    ) async throws -> [String: String] {
        try await strings(
            request, limit: context.maxUploadSize, allowed: allowed, allowingLineBreaks: allowingLineBreaks)
    }

    static func strings(_ request: Request, limit: Int, allowed: Set<String>, allowingLineBreaks: Bool = false)
        async throws -> [String: String]
    {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, code: "payload_too_large", message: "the request body is larger than \(limit) bytes")
        }
        return try strings(Data(buffer.readableBytesView), allowed: allowed, allowingLineBreaks: allowingLineBreaks)
    }

    static func strings(_ body: Data, allowed: Set<String>, allowingLineBreaks: Bool = false) throws(APIError)
        -> [String: String]
    {
        guard !body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return [:] }
        guard let parsed = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            throw APIError.badRequest("invalid_json", "the request body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw APIError.badRequest("invalid_request", "the request body must be a JSON object")
        }
        var fields: [String: String] = [:]
        for key in object.keys.sorted() {
            guard allowed.contains(key) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw APIError(
                    .badRequest, code: "invalid_request", message: "\(key): unknown field (known: \(known))", field: key
                )
            }
            switch object[key] {
            case let text as String:
                let lineBreaks: Set<Unicode.Scalar> = allowingLineBreaks ? ["\r", "\n", "\t"] : []
                guard
                    !text.unicodeScalars.contains(where: {
                        $0.properties.generalCategory == .control && !lineBreaks.contains($0)
                    })
                else {
                    throw APIError(
                        .badRequest, code: "invalid_request", message: "\(key): contains a control character",
                        field: key)
                }
                fields[key] = text
            case is NSNull: continue
            default:
                throw APIError(.badRequest, code: "invalid_request", message: "\(key): must be a string", field: key)
            }
        }
        return fields
    }
}
