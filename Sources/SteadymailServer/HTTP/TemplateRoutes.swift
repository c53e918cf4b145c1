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
            let wanted = try await Self.body(request, allowed: Self.fields)
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
            let wanted = try await Self.body(request, allowed: Self.fields)
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
            let wanted = try await Self.body(request, allowed: ["email"])
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

    /// A JSON object body whose fields are all strings (or null); newlines and tabs are allowed, templates have lines.
    private static func body(_ request: Request, allowed: Set<String>) async throws -> [String: String] {
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: maximumBody)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, code: "payload_too_large",
                message: "the request body is larger than \(maximumBody) bytes")
        }
        let data = Data(buffer: buffer)
        guard !data.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return [:] }
        guard let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw APIError.badRequest("invalid_json", "the request body is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else {
            throw APIError.badRequest("invalid_request", "the request body must be a JSON object")
        }
        var fields: [String: String] = [:]
        for key in object.keys.sorted() {
            guard allowed.contains(key) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw APIError(
                    .badRequest, code: "invalid_request", message: "\(key): unknown field (known: \(known))", field: key
                )
            }
            switch object[key] {
            case let text as String: fields[key] = text
            case is NSNull: continue
            default:
                throw APIError(.badRequest, code: "invalid_request", message: "\(key): must be a string", field: key)
            }
        }
        return fields
    }
}
