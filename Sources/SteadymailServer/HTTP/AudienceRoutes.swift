import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SteadymailDomain

/// `/v1/lists` and `/v1/subscribers`: lists and subscribers over HTTP, with the same checks as the CLI (`Audience`).
/// Reading needs the `read` scope, changing `admin` (subscribing and unsubscribing too); a subscriber's data export
/// (GDPR access request) is a read.
struct AudienceRoutes {
    let audience: Audience

    func register(on api: some RouterMethods<APIRequestContext>) {
        registerLists(on: api)
        registerSubscribers(on: api)
    }

    private func registerLists(on api: some RouterMethods<APIRequestContext>) {
        api.get("lists") { _, context -> Response in
            _ = try context.require(.read)
            return HTTPService.jsonResponse(.ok, ["lists": try await Self.answer { try await audience.lists() }])
        }
        api.post("lists") { request, context -> Response in
            _ = try context.require(.admin)
            let body = try await AudienceBody.read(request, allowed: ["name", "optin", "description"])
            let name = try body.string("name", required: true) ?? ""
            let optIn = try body.string("optin").map { text throws(APIError) in
                guard let kind = OptIn(rawValue: text) else {
                    throw APIError.badRequest("invalid_request", "optin: must be single or double")
                }
                return kind
            }
            let description = try body.string("description") ?? ""
            let list = try await Self.answer {
                try await audience.createList(name: name, optIn: optIn ?? .single, description: description)
            }
            return HTTPService.jsonResponse(.created, list)
        }
        api.get("lists/:name") { _, context -> Response in
            _ = try context.require(.read)
            let name = try Self.parameter("name", context)
            return HTTPService.jsonResponse(.ok, try await Self.answer { try await audience.list(named: name) })
        }
        api.delete("lists/:name") { _, context -> Response in
            _ = try context.require(.admin)
            let name = try Self.parameter("name", context)
            try await Self.answer { try await audience.removeList(named: name) }
            return Response(status: .noContent)
        }
    }

    private func registerSubscribers(on api: some RouterMethods<APIRequestContext>) {
        api.get("subscribers") { request, context -> Response in
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
            var after: Int64?
            if let text = query.get("after") {
                guard let value = Int64(text), value >= 0 else {
                    throw APIError.badRequest("invalid_request", "after: must be a subscriber id (an integer >= 0)")
                }
                after = value
            }
            let list = query.get("list")
            let status = query.get("status")
            let page = try await Self.answer {
                try await audience.subscribers(list: list, status: status, after: after, limit: limit)
            }
            let full = page.count == (limit ?? Audience.defaultLimit)
            return HTTPService.jsonResponse(
                .ok, SubscriberPage(subscribers: page, nextAfter: full ? page.last?.id : nil))
        }
        api.post("subscribers") { request, context -> Response in
            _ = try context.require(.admin)
            let body = try await AudienceBody.read(
                request, allowed: ["email", "name", "attributes", "lists", "status", "preconfirm"])
            let email = try body.string("email", required: true) ?? ""
            let name = try body.string("name")
            let attributes = try body.object("attributes") ?? [:]
            let lists = try body.strings("lists") ?? []
            let status = try body.string("status")
            let preconfirm = try body.bool("preconfirm") ?? false
            let added = try await Self.answer {
                try await audience.add(
                    email: email, name: name, attributes: attributes, lists: lists, status: status,
                    preconfirm: preconfirm)
            }
            return HTTPService.jsonResponse(.created, added.subscriber)
        }
        api.get("subscribers/:email") { _, context -> Response in
            _ = try context.require(.read)
            let email = try Self.parameter("email", context)
            return HTTPService.jsonResponse(.ok, try await Self.answer { try await audience.show(email: email) })
        }
        api.patch("subscribers/:email") { request, context -> Response in
            _ = try context.require(.admin)
            let email = try Self.parameter("email", context)
            let body = try await AudienceBody.read(request, allowed: ["name", "status", "attributes"])
            let name = try body.string("name")
            let status = try body.string("status")
            let attributes = try body.object("attributes")
            let updated = try await Self.answer {
                try await audience.update(email: email, name: name, status: status, attributes: attributes)
            }
            return HTTPService.jsonResponse(.ok, updated)
        }
        api.delete("subscribers/:email") { _, context -> Response in
            _ = try context.require(.admin)
            let email = try Self.parameter("email", context)
            try await Self.answer { try await audience.remove(email: email) }
            return Response(status: .noContent)
        }
        registerSubscriptions(on: api)
        api.get("subscribers/:email/export") { _, context -> Response in
            _ = try context.require(.read)
            let email = try Self.parameter("email", context)
            return HTTPService.jsonResponse(.ok, try await Self.answer { try await audience.export(email: email) })
        }
    }

    /// `/v1/subscribers/{email}/subscriptions`: a known subscriber onto more lists, or off one.
    private func registerSubscriptions(on api: some RouterMethods<APIRequestContext>) {
        api.post("subscribers/:email/subscriptions") { request, context -> Response in
            _ = try context.require(.admin)
            let email = try Self.parameter("email", context)
            let body = try await AudienceBody.read(request, allowed: ["lists", "preconfirm", "resubscribe"])
            let lists = try body.strings("lists") ?? []
            let preconfirm = try body.bool("preconfirm") ?? false
            let resubscribe = try body.bool("resubscribe") ?? false
            let subscribed = try await Self.answer {
                try await audience.subscribe(
                    email: email, lists: lists, preconfirm: preconfirm, resubscribe: resubscribe)
            }
            return HTTPService.jsonResponse(
                .ok,
                SubscribedView(subscriber: subscribed.subscriber, confirmationsQueued: subscribed.confirmationsQueued))
        }
        api.delete("subscribers/:email/subscriptions/:list") { _, context -> Response in
            _ = try context.require(.admin)
            let email = try Self.parameter("email", context)
            let list = try Self.parameter("list", context)
            return HTTPService.jsonResponse(
                .ok, try await Self.answer { try await audience.unsubscribe(email: email, lists: [list]) })
        }
    }

    /// Runs an audience operation, turning its refusal into the API's answer.
    static func answer<Value>(_ body: () async throws -> Value) async throws -> Value {
        do {
            return try await body()
        } catch let error as AudienceError {
            throw error.apiError
        }
    }

    /// A path parameter, percent-decoded.
    static func parameter(_ name: String, _ context: APIRequestContext) throws(APIError) -> String {
        let raw = context.parameters.get(name) ?? ""
        guard let decoded = raw.removingPercentEncoding, !decoded.isEmpty else {
            throw APIError(.notFound, code: "not_found", message: "no such \(name)")
        }
        return decoded
    }

    /// One page of `GET /v1/subscribers`; `next_after` is the `after` of the next page, absent on the last.
    struct SubscriberPage: Encodable {
        var subscribers: [SubscriberView]
        var nextAfter: Int64?

        enum CodingKeys: String, CodingKey {
            case subscribers
            case nextAfter = "next_after"
        }
    }
}
