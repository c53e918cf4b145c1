import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /status` (HTML) and `GET /status.json`: the public status page, without an API key, on the admin listener
/// and on the public one (`http.public_listen`).
///
/// It exists so that both listeners register the same two routes with the same headers: no caching by proxies of a
/// stale state, a Content-Security-Policy that lets nothing load, and no content sniffing.
struct StatusRoutes: Sendable {
    let source: any StatusSource

    func register(on router: some RouterMethods<APIRequestContext>) {
        router.get("status") { _, _ -> Response in
            let page = StatusPage.render(try await snapshot())
            var headers = Self.headers(contentType: "text/html; charset=utf-8")
            headers[.contentSecurityPolicy] = StatusPage.contentSecurityPolicy
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
        }
        router.get("status.json") { _, _ -> Response in
            let body = try StatusDocument.json(try await snapshot())
            return Response(
                status: .ok, headers: Self.headers(contentType: "application/json"),
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
    }

    private func snapshot() async throws -> StatusSnapshot {
        do {
            return try await source.snapshot(now: Date())
        } catch {
            throw APIError(.serviceUnavailable, code: "unavailable", message: "the status could not be read")
        }
    }

    static func headers(contentType: String) -> HTTPFields {
        [.contentType: contentType, .cacheControl: "no-cache", .xContentTypeOptions: "nosniff"]
    }
}
