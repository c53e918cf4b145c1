import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Turns every error a route or Hummingbird itself throws into an `APIError` answer.
///
/// It exists so that no failure escapes in another shape: an unknown route is a JSON 404, a body over the limit a JSON
/// 413, malformed JSON a 400, and an unexpected error a 500 that is logged with its details while the client sees only
/// a generic message.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let status = error.status
            let message = error.body ?? status.reasonPhrase
            return try APIError(status, code: APIError.code(for: status), message: message, headers: error.headers)
                .response(from: request, context: context)
        } catch is DecodingError {
            return try APIError.badRequest("invalid_json", "the request body is not the JSON this endpoint expects")
                .response(from: request, context: context)
        } catch {
            logger.error(
                "http request failed",
                metadata: ["method": "\(request.method)", "path": "\(request.uri.path)", "error": "\(error)"])
            return try APIError(.internalServerError, code: "internal_error", message: "internal error")
                .response(from: request, context: context)
        }
    }
}
