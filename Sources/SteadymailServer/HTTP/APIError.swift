import Foundation
import HTTPTypes
import Hummingbird

/// An error answer of the HTTP API, always in one shape: `{"error": {"code": "...", "message": "..."}}`.
///
/// It exists so that every client can parse every failure the same way, whichever handler or middleware raised it,
/// and so that a bad request is always a 4xx with a machine-readable code, never a crash or an HTML page.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// A stable, machine-readable reason such as `invalid_json` or `rate_limited`.
    public var code: String
    public var message: String
    /// Extra response headers, such as `Retry-After`.
    public var headers: HTTPFields
    /// The request field at fault, when one is (an invalid template names `html`, `subject`, ...).
    public var field: String?
    /// The line of that field at fault, when it is text with lines (a template that does not compile).
    public var line: Int?

    public init(
        _ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:], field: String? = nil,
        line: Int? = nil
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.field = field
        self.line = line
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = try JSONEncoder().encode(
            Envelope(error: Detail(code: code, message: message, field: field, line: line)))
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    private struct Envelope: Encodable {
        var error: Detail
    }

    private struct Detail: Encodable {
        var code: String
        var message: String
        var field: String?
        var line: Int?
    }

    static func badRequest(_ code: String, _ message: String) -> APIError {
        APIError(.badRequest, code: code, message: message)
    }

    /// The code of an error Hummingbird raised itself (unknown route, body too large, ...).
    static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 408: "request_timeout"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 429: "rate_limited"
        default: status.code < 500 ? "bad_request" : "internal_error"
        }
    }
}
