import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SteadymailDomain
import SteadymailStorage

/// `POST /v1/webhooks`, `GET /v1/webhooks` and `DELETE /v1/webhooks/{id}` (scope admin).
///
/// It exists so that an application can subscribe to its mail's events without shell access to the node, with the
/// same checks as `steadymail webhook add` (`WebhookSubscriptions`) and the shapes of the shared API description.
struct WebhookRoutes {
    let subscriptions: WebhookSubscriptions

    /// The largest request body accepted for a new subscription.
    static let maximumBody = 64 * 1024

    func register(on api: some RouterMethods<APIRequestContext>) {
        api.post("webhooks") { request, context -> Response in
            _ = try context.require(.admin)
            var request = request
            let body = try await request.collectBody(upTo: Self.maximumBody)
            let wanted = try WebhookCreateBody(json: Data(buffer: body))
            let record: WebhookRecord
            do {
                record = try await subscriptions.create(
                    url: wanted.url, events: wanted.events, description: wanted.description, now: Date())
            } catch let error as WebhookRequestError {
                throw APIError.badRequest("invalid_request", error.description)
            }
            return HTTPService.jsonResponse(.created, CreatedView(record))
        }
        api.get("webhooks") { _, context -> Response in
            _ = try context.require(.admin)
            return HTTPService.jsonResponse(.ok, ListView(webhooks: try await subscriptions.list().map(ItemView.init)))
        }
        api.delete("webhooks/:id") { _, context -> Response in
            _ = try context.require(.admin)
            let id = context.parameters.get("id") ?? ""
            guard try await subscriptions.remove(id: id) else {
                throw APIError(.notFound, code: "not_found", message: "no webhook with id \(id)")
            }
            return Response(status: .noContent)
        }
    }

    /// The answer to a creation: the only time the secret is shown.
    struct CreatedView: Encodable {
        var id: String
        var url: String
        var events: [String]
        var secret: String
        var createdAt: String

        init(_ record: WebhookRecord) {
            id = record.id
            url = record.url
            events = record.events.map(\.rawValue)
            secret = record.secret
            createdAt = InternetDate.rfc3339(record.createdAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, url, events, secret
            case createdAt = "created_at"
        }
    }

    struct ListView: Encodable {
        var webhooks: [ItemView]
    }

    /// One subscription in a listing, without its secret.
    struct ItemView: Encodable {
        var id: String
        var url: String
        var events: [String]
        var createdAt: String

        init(_ record: WebhookRecord) {
            id = record.id
            url = record.url
            events = record.events.map(\.rawValue)
            createdAt = InternetDate.rfc3339(record.createdAt)
        }

        enum CodingKeys: String, CodingKey {
            case id, url, events
            case createdAt = "created_at"
        }
    }
}

/// The body of `POST /v1/webhooks`: `{"url": string, "events": [string], "description"?: string}`. Anything else, an
/// unknown field included, is a 400 naming the field.
struct WebhookCreateBody {
    var url: String
    var events: [String]
    var description: String?

    init(json: Data) throws {
        guard let object = try? JSONSerialization.jsonObject(with: json), let fields = object as? [String: Any] else {
            throw APIError.badRequest("invalid_json", "the body must be a JSON object")
        }
        if let unknown = fields.keys.sorted().first(where: { !["url", "events", "description"].contains($0) }) {
            throw APIError.badRequest("invalid_request", "\(unknown): unknown field")
        }
        guard let url = fields["url"] as? String else {
            throw APIError.badRequest("invalid_request", "url: required, a string")
        }
        guard let list = fields["events"] as? [Any] else {
            throw APIError.badRequest("invalid_request", "events: required, a list of event types")
        }
        var events: [String] = []
        for (index, item) in list.enumerated() {
            guard let name = item as? String else {
                throw APIError.badRequest("invalid_request", "events[\(index)]: must be a string")
            }
            events.append(name)
        }
        switch fields["description"] {
        case nil, is NSNull: description = nil
        case let text as String: description = text
        default: throw APIError.badRequest("invalid_request", "description: must be a string")
        }
        self.url = url
        self.events = events
    }
}
