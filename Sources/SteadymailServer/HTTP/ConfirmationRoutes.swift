import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET` and `POST /subscription/confirm/{token}` on the public listener: the page of a double opt-in link, and the
/// confirmation itself.
///
/// It exists because link scanners and mail previews fetch every link they see: a GET only shows a page with a
/// "Confirm" button (a form posting to the same URL) and never changes anything; only the POST confirms. A forged,
/// edited or expired token gets a 400 page and changes nothing. Pages are self-contained (no scripts, styles inline,
/// a Content-Security-Policy that loads nothing) and never cached; `UnsubscribeRoutes` shows its pages through `page`.
struct ConfirmationRoutes: Sendable {
    let confirmations: SubscriptionConfirmations

    func register(on router: some RouterMethods<APIRequestContext>) {
        router.get("subscription/confirm/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            if confirmations.check(token: token, now: Date()) != nil { return Self.page(.badRequest, .invalid) }
            return Self.page(.ok, .ask(token: token))
        }
        router.post("subscription/confirm/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            switch try await confirmations.confirm(token: token, now: Date()) {
            case .confirmed(let list): return Self.page(.ok, .confirmed(list: list))
            case .invalid: return Self.page(.badRequest, .invalid)
            case .gone: return Self.page(.notFound, .gone)
            }
        }
    }

    enum Page {
        case ask(token: String)
        case confirmed(list: String)
        case invalid
        case gone
        case askUnsubscribe(token: String)
        case unsubscribed(email: String)
        case invalidUnsubscribe
    }

    static func page(_ status: HTTPResponse.Status, _ page: Page) -> Response {
        let title: String
        let body: String
        switch page {
        case .ask(let token):
            title = "Confirm your subscription"
            body = """
                <p>Press the button to confirm your subscription.</p>
                <form method="post" action="/subscription/confirm/\(HTMLText.escape(token))">
                <button type="submit">Confirm</button>
                </form>
                """
        case .confirmed(let list):
            title = "Subscribed"
            body = "<p>Thank you: you are subscribed to \(HTMLText.escape(list)).</p>"
        case .invalid:
            title = "Invalid link"
            body = "<p>This confirmation link is not valid or has expired. Nothing was changed.</p>"
        case .gone:
            title = "Subscription not found"
            body = "<p>This subscription no longer exists. Nothing was changed.</p>"
        case .askUnsubscribe(let token):
            title = "Unsubscribe"
            body = """
                <p>Press the button to stop receiving these mails.</p>
                <form method="post" action="/unsubscribe/\(HTMLText.escape(token))">
                <button type="submit">Unsubscribe</button>
                </form>
                """
        case .unsubscribed(let email):
            title = "Unsubscribed"
            body = "<p>\(HTMLText.escape(email)) will receive no more of these mails.</p>"
        case .invalidUnsubscribe:
            title = "Invalid link"
            body = "<p>This unsubscribe link is not valid. Nothing was changed.</p>"
        }
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>\(title)</title>
            <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}\
            button{font-size:1.1rem;padding:.5rem 1.5rem}</style>
            </head><body><h1>\(title)</h1>
            \(body)
            </body></html>
            """
        var headers = StatusRoutes.headers(contentType: "text/html; charset=utf-8")
        headers[.contentSecurityPolicy] =
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }
}
