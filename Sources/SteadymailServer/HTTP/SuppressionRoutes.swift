import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `/v1/suppressions`: the global suppression list over HTTP, with the same checks as `steadymail suppression`
/// (`Audience`). Reading needs the `read` scope, adding and removing `admin`.
struct SuppressionRoutes {
    let audience: Audience

    func register(on api: some RouterMethods<APIRequestContext>) {
        api.get("suppressions") { request, context -> Response in
            _ = try context.require(.read)
            let query = request.uri.queryParameters
            var limit: Int?
            if let text = query.get("limit") {
                guard let value = Int(text), (1...Audience.maximumLimit).contains(value) else {
                    throw APIError.badRequest(
                        "invalid_request", "limit: must be an integer from 1 to \(Audience.maximumLimit)")
                }
                limit = value
            }
            let after = query.get("after")
            let reason = query.get("reason")
            let (page, counts) = try await AudienceRoutes.answer {
                (
                    try await audience.suppressions(reason: reason, after: after, limit: limit),
                    try await audience.suppressionCounts()
                )
            }
            let full = page.count == (limit ?? Audience.defaultLimit)
            return HTTPService.jsonResponse(
                .ok, SuppressionPage(suppressions: page, counts: counts, nextAfter: full ? page.last?.email : nil))
        }
        api.post("suppressions") { request, context -> Response in
            _ = try context.require(.admin)
            let body = try await AudienceBody.read(request, allowed: ["email", "reason", "note"])
            let email = try body.string("email", required: true) ?? ""
            let reason = try body.string("reason")
            let note = try body.string("note")
            let entry = try await AudienceRoutes.answer {
                try await audience.suppress(email: email, reason: reason, note: note)
            }
            return HTTPService.jsonResponse(.created, entry)
        }
        api.get("suppressions/:email") { _, context -> Response in
            _ = try context.require(.read)
            let email = try AudienceRoutes.parameter("email", context)
            return HTTPService.jsonResponse(
                .ok, try await AudienceRoutes.answer { try await audience.suppression(email: email) })
        }
        api.delete("suppressions/:email") { _, context -> Response in
            _ = try context.require(.admin)
            let email = try AudienceRoutes.parameter("email", context)
            try await AudienceRoutes.answer { try await audience.unsuppress(email: email) }
            return Response(status: .noContent)
        }
    }

    /// One page of `GET /v1/suppressions` with the totals by reason; `next_after` is the `after` of the next page,
    /// absent on the last.
    struct SuppressionPage: Encodable {
        var suppressions: [SuppressionView]
        var counts: [String: Int]
        var nextAfter: String?

        enum CodingKeys: String, CodingKey {
            case suppressions, counts
            case nextAfter = "next_after"
        }
    }
}
