import HTTPTypes
import Hummingbird
import SteadymailDomain

/// Authenticates every request under `/v1` by its `Authorization: Bearer <key>` header.
///
/// It exists so that no API route can be reached without a live key: a missing, malformed, unknown or revoked key is
/// a 401 with a `WWW-Authenticate` challenge before any handler runs; scopes are checked by each route.
struct APIKeyAuthenticator: RouterMiddleware {
    typealias Context = APIRequestContext

    let keys: APIKeys

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let challenge: HTTPFields = [.wwwAuthenticate: "Bearer realm=\"steadymail\""]
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw APIError(
                .unauthorized, code: "unauthorized", message: "an API key is required (Authorization: Bearer ...)",
                headers: challenge)
        }
        let presented = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard let key = try await keys.authenticate(presented) else {
            throw APIError(
                .unauthorized, code: "unauthorized", message: "the API key is not valid or was revoked",
                headers: challenge)
        }
        var context = context
        context.apiKey = key
        return try await next(request, context)
    }
}
