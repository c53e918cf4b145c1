import Foundation
import Hummingbird
import NIOCore
import SteadymailDomain
import SteadymailTemplates

/// `GET /v1/templates` and `GET /v1/templates/{name}` (scope `read`), `POST /v1/templates`,
/// `PUT /v1/templates/{name}`, `DELETE /v1/templates/{name}` and `POST /v1/templates/{name}/preview` (scope `admin`).
///
/// It exists so that templates are managed over HTTP with the rules of `steadymail template`: the same `Templates`
/// service checks every save against the stored library. A template that does not compile or names a missing layout
/// or partial is a 422 `invalid_template` whose error names the `field` and the `line`.
struct TemplateRoutes {
    let templates: Templates

    /// The largest request body: three parts of at most `TemplateLibrary.maximumPartSize` each, and JSON escaping.
    static let maximumBody = 8 * TemplateLibrary.maximumPartSize
    static let fields: Set = ["name", "kind", "subject", "html", "text"]

    func register(on api: some RouterMethods<APIRequestContext>) {
        api.get("templates") { _, context -> Response in
            _ = try context.require(.read)
            return HTTPService.jsonResponse(.ok, ["templates": try await templates.list().map(TemplateView.init)])
        }
        api.get("templates/:name") { _, context -> Response in
            _ = try context.require(.read)
            let name = context.parameters.get("name") ?? ""
            return try await Self.answering {
                HTTPService.jsonResponse(.ok, TemplateView(try await templates.template(named: name)))
            }
        }
        api.post("templates") { request, context -> Response in
            _ = try context.require(.admin)
            let wanted = try await JSONObjectBody.strings(
                request, limit: Self.maximumBody, allowed: Self.fields, allowingLineBreaks: true)
            guard let name = wanted["name"] else {
                throw APIError(.badRequest, code: "invalid_request", message: "name: required", field: "name")
            }
            if (try? await templates.template(named: name)) != nil {
                throw APIError(
                    .conflict, code: "conflict", message: "a template named '\(name)' exists; PUT replaces it",
                    field: "name")
            }
            return try await save(name: name, wanted, status: .created)
        }
        api.put("templates/:name") { request, context -> Response in
            _ = try context.require(.admin)
            let name = context.parameters.get("name") ?? ""
            let wanted = try await JSONObjectBody.strings(
                request, limit: Self.maximumBody, allowed: Self.fields, allowingLineBreaks: true)
            if let named = wanted["name"], named != name {
                throw APIError(
                    .badRequest, code: "invalid_request", message: "name: differs from the name in the path",
                    field: "name")
            }
            return try await save(name: name, wanted, status: .ok)
        }
        api.delete("templates/:name") { _, context -> Response in
            _ = try context.require(.admin)
            let name = context.parameters.get("name") ?? ""
            return try await Self.answering {
                try await templates.remove(name)
                return Response(status: .noContent)
            }
        }
        api.post("templates/:name/preview") { request, context -> Response in
            _ = try context.require(.admin)
            let name = context.parameters.get("name") ?? ""
            let wanted = try await JSONObjectBody.strings(request, limit: Self.maximumBody, allowed: ["email"])
            return try await Self.answering {
                HTTPService.jsonResponse(.ok, try await templates.preview(name, email: wanted["email"]))
            }
        }
    }

    private func save(name: String, _ wanted: [String: String], status: HTTPResponse.Status) async throws -> Response {
        let request = TemplateRequest(
            name: name, kind: wanted["kind"], subject: wanted["subject"], html: wanted["html"], text: wanted["text"])
        return try await Self.answering {
            let stored = try await templates.save(try request.source(), now: Date())
            return HTTPService.jsonResponse(status, TemplateView(stored))
        }
    }

    /// Runs `body`, turning a refusal of the templates service into its HTTP answer.
    private static func answering(_ body: () async throws -> Response) async throws -> Response {
        do {
            return try await body()
        } catch let error as TemplatesError {
            throw apiError(error)
        }
    }

    static func apiError(_ error: TemplatesError) -> APIError {
        switch error {
        case .invalid(let cause):
            APIError(
                .unprocessableContent, code: "invalid_template", message: error.description, field: cause.field,
                line: cause.line)
        case .notFound: APIError(.notFound, code: "not_found", message: error.description)
        case .inUse: APIError(.conflict, code: "template_in_use", message: error.description)
        case .unknownSubscriber:
            APIError(.unprocessableContent, code: "unknown_subscriber", message: error.description, field: "email")
        }
    }
}
