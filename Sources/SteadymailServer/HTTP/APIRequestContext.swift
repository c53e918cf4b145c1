import Hummingbird
import SteadymailDomain
import SteadymailStorage

/// The per-request state of the HTTP API: Hummingbird's core context plus the API key that authenticated the request.
///
/// It exists so that `APIKeyAuthenticator` can hand the key to the routes, which check its scope and count its
/// messages against its rate limit.
struct APIRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// Set by `APIKeyAuthenticator` for every route under `/v1`.
    var apiKey: APIKeyRecord?
    /// The client's IP address, for the trace header of mail it submits.
    var remoteAddress: String?

    init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The authenticated key, if its scope permits `scope`: 403 otherwise (401 when no key authenticated at all).
    func require(_ scope: APIKeyScope) throws -> APIKeyRecord {
        guard let apiKey else {
            throw APIError(.unauthorized, code: "unauthorized", message: "an API key is required")
        }
        guard apiKey.scope.permits(scope) else {
            throw APIError(
                .forbidden, code: "forbidden",
                message: "this key's scope is \(apiKey.scope.rawValue); the request needs \(scope.rawValue)")
        }
        return apiKey
    }
}
