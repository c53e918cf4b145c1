import Foundation
import Hummingbird
import NIOCore
import SteadymailDomain

/// `GET /v1/campaigns`, `GET /v1/campaigns/{id}` and `GET /v1/campaigns/{id}/report` (scope `read`), `POST /v1/campaigns`,
/// `DELETE /v1/campaigns/{id}` (drafts) and `POST /v1/campaigns/{id}/schedule|start|pause|resume|cancel` (scope
/// `admin`).
///
/// It exists so that campaigns are managed over HTTP with the semantics of `steadymail campaign`: the same
/// `CampaignOperations`, the same checks (every refusal a 400 naming its field, 404 for an unknown campaign) and
/// views.
struct CampaignRoutes {
    let campaigns: CampaignOperations

    /// The largest request body accepted.
    static let maximumBody = 64 * 1024
    /// The fields of a new campaign.
    static let fields: Set = [
        "name", "template", "lists", "segment", "from", "from_name", "priority", "throttle", "window", "time_zone",
        "send_at", "deadline", "tracking",
    ]

    func register(on api: some RouterMethods<APIRequestContext>) {
        api.get("campaigns") { _, context -> Response in
            _ = try context.require(.read)
            return HTTPService.jsonResponse(.ok, ["campaigns": try await campaigns.list()])
        }
        api.post("campaigns") { request, context -> Response in
            _ = try context.require(.admin)
            let wanted = try await Self.decode(request, fields: Self.fields)
            return try await Self.answer(.created) { try await campaigns.create(wanted, now: Date()) }
        }
        api.get("campaigns/:id") { _, context -> Response in
            _ = try context.require(.read)
            let id = try Self.id(context)
            return try await Self.answer(.ok) { try await campaigns.show(id: id) }
        }
        api.get("campaigns/:id/report") { _, context -> Response in
            _ = try context.require(.read)
            let id = try Self.id(context)
            do {
                return HTTPService.jsonResponse(.ok, try await campaigns.report(id: id, now: Date()))
            } catch let error as CampaignRequestError {
                throw Self.apiError(error)
            }
        }
        api.delete("campaigns/:id") { _, context -> Response in
            _ = try context.require(.admin)
            let id = try Self.id(context)
            do {
                try await campaigns.deleteDraft(id: id)
            } catch let error as CampaignRequestError {
                throw Self.apiError(error)
            }
            return Response(status: .noContent)
        }
        api.post("campaigns/:id/schedule") { request, context -> Response in
            _ = try context.require(.admin)
            let id = try Self.id(context)
            let wanted = try await Self.decode(request, fields: ["send_at"])
            guard let at = wanted.sendAt else {
                throw APIError.badRequest("invalid_request", "send_at: required")
            }
            return try await Self.answer(.ok) { try await campaigns.schedule(id: id, at: at, now: Date()) }
        }
        for action in ["start", "pause", "resume", "cancel"] {
            api.post("campaigns/:id/\(action)") { _, context -> Response in
                _ = try context.require(.admin)
                let id = try Self.id(context)
                return try await Self.answer(.ok) {
                    switch action {
                    case "start": try await campaigns.start(id: id, now: Date())
                    case "pause": try await campaigns.pause(id: id, now: Date())
                    case "resume": try await campaigns.resume(id: id, now: Date())
                    default: try await campaigns.cancel(id: id, now: Date())
                    }
                }
            }
        }
    }

    private static func id(_ context: APIRequestContext) throws -> Int64 {
        guard let id = Int64(context.parameters.get("id") ?? ""), id > 0 else {
            throw APIError.badRequest("invalid_parameter", "id: must be a positive integer")
        }
        return id
    }

    private static func decode(_ request: Request, fields: Set<String>) async throws -> CampaignRequest {
        var request = request
        let data = Data(buffer: try await request.collectBody(upTo: maximumBody))
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw APIError.badRequest("invalid_request", "the body must be a JSON object")
            }
            if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
                throw APIError.badRequest("invalid_request", "\(unknown): unknown field")
            }
            return try JSONDecoder().decode(CampaignRequest.self, from: data)
        } catch let error as APIError {
            throw error
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw APIError.badRequest("invalid_request", "\(path): wrong type")
        } catch {
            throw APIError.badRequest("invalid_request", "the body must be a JSON object describing a campaign")
        }
    }

    private static func answer(
        _ status: HTTPResponse.Status, _ operation: () async throws -> CampaignView
    ) async throws -> Response {
        do {
            return HTTPService.jsonResponse(status, try await operation())
        } catch let error as CampaignRequestError {
            throw apiError(error)
        }
    }

    private static func apiError(_ error: CampaignRequestError) -> APIError {
        if error.notFound { return APIError(.notFound, code: "not_found", message: error.message) }
        return APIError.badRequest("invalid_request", error.description)
    }
}
