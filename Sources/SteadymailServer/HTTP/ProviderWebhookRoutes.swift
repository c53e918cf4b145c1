import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /feedback/ses`, `/feedback/sendgrid`, `/feedback/mailgun` and `/feedback/postmark` on the public listener:
/// the bounce and complaint webhooks of relaying providers, which post from the internet.
///
/// It exists to read each request (the body up to `ProviderWebhooks.maxBodySize`, else a 413, and the headers each
/// provider authenticates with) and answer with `ProviderWebhooks`' outcome as JSON; refusals are JSON errors.
struct ProviderWebhookRoutes: Sendable {
    let webhooks: ProviderWebhooks

    static let sendgridSignature = HTTPField.Name("X-Twilio-Email-Event-Webhook-Signature")!
    static let sendgridTimestamp = HTTPField.Name("X-Twilio-Email-Event-Webhook-Timestamp")!

    func register(on router: some RouterMethods<APIRequestContext>) {
        router.post("feedback/ses") { request, _ -> Response in
            let body = try await Self.body(request)
            return HTTPService.jsonResponse(.ok, try await webhooks.ses(body: body, now: Date()))
        }
        router.post("feedback/sendgrid") { request, _ -> Response in
            let body = try await Self.body(request)
            let outcome = try await webhooks.sendgrid(
                body: body, signature: request.headers[Self.sendgridSignature],
                timestamp: request.headers[Self.sendgridTimestamp], now: Date())
            return HTTPService.jsonResponse(.ok, outcome)
        }
        router.post("feedback/mailgun") { request, _ -> Response in
            let body = try await Self.body(request)
            return HTTPService.jsonResponse(.ok, try await webhooks.mailgun(body: body, now: Date()))
        }
        router.post("feedback/postmark") { request, _ -> Response in
            let body = try await Self.body(request)
            let outcome = try await webhooks.postmark(
                body: body, authorization: request.headers[.authorization], now: Date())
            return HTTPService.jsonResponse(.ok, outcome)
        }
    }

    private static func body(_ request: Request) async throws -> Data {
        do {
            return Data(try await request.body.collect(upTo: ProviderWebhooks.maxBodySize).readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIError(
                .contentTooLarge, code: "payload_too_large",
                message: "the request body is larger than \(ProviderWebhooks.maxBodySize) bytes")
        }
    }
}
