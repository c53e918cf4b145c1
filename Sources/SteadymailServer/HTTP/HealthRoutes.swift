import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The routes for load balancers and Prometheus, outside `/v1` and without an API key: `GET /healthz` (the process is
/// up), `GET /readyz` (the node should get new traffic) and `GET /metrics` (Prometheus text format 0.0.4).
///
/// It exists to keep health and metrics apart from the API routes (a load balancer or a scraper has no key), added
/// with one `register(on:)` call so that `HTTPService` stays a list of route groups.
struct HealthRoutes: Sendable {
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    let readiness: ReadinessCheck
    let scrape: MetricsScrape

    func register(on router: Router<APIRequestContext>) {
        router.get("healthz") { _, _ -> Response in
            HTTPService.jsonResponse(.ok, ["status": "ok"])
        }
        router.get("readyz") { _, _ -> Response in
            let readiness = await readiness.evaluate()
            guard readiness.isReady else {
                return HTTPService.jsonResponse(
                    .serviceUnavailable, NotReadyView(reasons: readiness.reasons.map(\.rawValue)))
            }
            return HTTPService.jsonResponse(.ok, ["status": "ready"])
        }
        router.get("metrics") { _, _ -> Response in
            let text: [UInt8]
            do {
                text = try await scrape.render(now: Date())
            } catch {
                throw APIError(
                    .serviceUnavailable, code: "unavailable", message: "the queue could not be read: \(error)")
            }
            return Response(
                status: .ok, headers: [.contentType: Self.metricsContentType],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: text)))
        }
    }

    /// The body of a 503 from `/readyz`.
    private struct NotReadyView: Encodable {
        var status = "not_ready"
        var reasons: [String]
    }
}
