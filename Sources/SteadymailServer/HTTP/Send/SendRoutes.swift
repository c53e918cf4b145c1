import HTTPTypes
import Hummingbird
import NIOCore

/// The routes of the send API: `POST /v1/messages`, `/v1/messages/raw` and `/v1/messages/batch` (scope `send`).
///
/// It exists to keep HTTP plumbing apart from the send logic: each route checks the key's scope, reads the body up to
/// `http.max_request_size` (413 beyond), and hands the bytes and the `Idempotency-Key` header to `SendService`.
struct SendRoutes: Sendable {
    let service: SendService
    let maxRequestSize: Int

    func register(on group: RouterGroup<APIRequestContext>) {
        for (path, endpoint) in [
            ("messages", SendEndpoint.message), ("messages/raw", .raw), ("messages/batch", .batch),
        ] {
            group.post(RouterPath(path)) { request, context -> Response in
                try await handle(endpoint, request: request, context: context)
            }
        }
    }

    private func handle(_ endpoint: SendEndpoint, request: Request, context: APIRequestContext) async throws
        -> Response
    {
        let key = try context.require(.send)
        let tooLarge = APIError(
            .contentTooLarge, code: "payload_too_large",
            message: "the request body is larger than \(maxRequestSize) bytes (http.max_request_size)")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxRequestSize { throw tooLarge }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: maxRequestSize)
        } catch is NIOTooManyBytesError {
            throw tooLarge
        }
        let answer = try await service.send(
            endpoint, body: Array(body.readableBytesView), idempotencyKey: request.headers[.idempotencyKey],
            apiKey: key, client: context.remoteAddress ?? "unknown")
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}

extension HTTPField.Name {
    /// `Idempotency-Key` (draft-ietf-httpapi-idempotency-key-header).
    static let idempotencyKey = HTTPField.Name("Idempotency-Key")!
}
