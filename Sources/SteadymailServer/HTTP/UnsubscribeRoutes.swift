import Foundation
import HTTPTypes
import Hummingbird

/// `GET` and `POST /unsubscribe/{token}` on the public listener: the page of a campaign's unsubscribe link, and the
/// one-click unsubscribe itself (RFC 8058).
///
/// It exists because link scanners fetch every link they see: a GET only shows a page with an "Unsubscribe" button (a
/// form posting to the same URL) and never changes anything. A POST, with any body (mailbox providers send
/// `List-Unsubscribe=One-Click`), unsubscribes at once and answers 200 with no redirect and no cookie. A forged or
/// edited token gets a 400 page and changes nothing. Pages are shared with the confirmation links.
struct UnsubscribeRoutes: Sendable {
    let unsubscriptions: Unsubscriptions

    func register(on router: some RouterMethods<APIRequestContext>) {
        router.get("unsubscribe/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            if unsubscriptions.check(token: token, now: Date()) != nil {
                return ConfirmationRoutes.page(.badRequest, .invalidUnsubscribe)
            }
            return ConfirmationRoutes.page(.ok, .askUnsubscribe(token: token))
        }
        router.post("unsubscribe/:token") { _, context -> Response in
            let token = context.parameters.get("token") ?? ""
            switch try await unsubscriptions.unsubscribe(token: token, now: Date()) {
            case .unsubscribed(let email): return ConfirmationRoutes.page(.ok, .unsubscribed(email: email))
            case .invalid: return ConfirmationRoutes.page(.badRequest, .invalidUnsubscribe)
            case .gone: return ConfirmationRoutes.page(.notFound, .gone)
            }
        }
    }
}
