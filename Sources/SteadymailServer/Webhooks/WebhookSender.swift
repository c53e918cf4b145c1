import Foundation
import NIOCore
import SteadymailDomain
import SteadymailStorage

/// Delivers one outbox entry: builds and signs the request, resolves and vets the target, POSTs it, and follows
/// redirects itself.
///
/// It exists to keep the delivery rules of docs/webhooks.md in one place. A 2xx acknowledges. 307 and 308 are
/// followed, up to `webhooks.max_redirects`, with the same method, body and signature; each hop's URL is checked
/// (`WebhookURL`), its host resolved and vetted again, and a hop from https to http is refused. 301, 302 and 303 are
/// failures: following them would turn the POST into a GET and lose the event. Every other answer, and a timeout, is a
/// failure to retry.
struct WebhookSender: Sendable {
    let resolver: WebhookTargetResolver
    let client: WebhookHTTPClient
    /// Bound of each hop: resolution, connection, TLS, request and response head.
    let timeout: Duration
    let maxRedirects: Int

    /// How one delivery attempt ended.
    enum Outcome: Sendable, Equatable {
        /// The receiver answered 2xx.
        case acknowledged(status: Int)
        /// Any other answer, or none; retried later.
        case failed(String)
        /// The SSRF guard refused a target; retried later like a failure (DNS may change), and logged as refused.
        case refused(String)
    }

    func send(_ delivery: WebhookDelivery, now: Date) async -> Outcome {
        guard case .success(var url) = WebhookURL.parse(delivery.url) else {
            return .refused("url \(delivery.url) is not a valid webhook URL")
        }
        let body = WebhookPayload.body(for: delivery.event)
        let timestamp = Int64(now.timeIntervalSince1970.rounded(.down))
        let headers = [
            ("Content-Type", "application/json"), ("User-Agent", "Steadymail-Webhooks/1"),
            ("X-Steadymail-Event-Id", String(delivery.event.id)), ("X-Steadymail-Timestamp", String(timestamp)),
            (
                "X-Steadymail-Signature",
                WebhookSignature.header(secret: delivery.secret, timestamp: timestamp, body: body)
            ),
        ]
        var hop = 0
        while true {
            let response: WebhookHTTPClient.Response
            switch await post(url, headers: headers, body: body) {
            case .success(let answer): response = answer
            case .failure(.refused(let reason)): return .refused(reason)
            case .failure(.failed(let reason)): return .failed("\(url.hostHeader): \(reason)")
            }
            switch response.status {
            case 200..<300:
                return .acknowledged(status: response.status)
            case 307, 308:
                guard hop < maxRedirects else {
                    return .failed("HTTP \(response.status) after \(hop) redirects (webhooks.max_redirects)")
                }
                guard let location = response.location else {
                    return .failed("HTTP \(response.status) without a Location")
                }
                switch url.resolving(location) {
                case .failure(let error): return .failed("HTTP \(response.status) to an invalid URL: \(error)")
                case .success(let next):
                    if url.scheme == .https && next.scheme == .http {
                        return .failed("HTTP \(response.status) from https to http refused: \(next)")
                    }
                    url = next
                    hop += 1
                }
            case 301, 302, 303:
                return .failed("HTTP \(response.status) (only 307 and 308 redirects are followed)")
            default:
                return .failed("HTTP \(response.status)")
            }
        }
    }

    /// One hop: resolve and vet, then try each vetted address in turn until one answers, all within `timeout`.
    private func post(_ url: WebhookURL, headers: [(String, String)], body: [UInt8]) async
        -> Result<WebhookHTTPClient.Response, WebhookAttemptError>
    {
        let deadline = NIODeadline.now() + timeout.timeAmount
        var lastError = WebhookAttemptError.failed("no address answered")
        do {
            for address in try await resolver.addresses(host: url.host, port: url.port, within: timeout) {
                do {
                    return .success(
                        try await client.post(url, to: address, headers: headers, body: body, deadline: deadline))
                } catch let error as WebhookAttemptError {
                    lastError = error
                }
            }
        } catch let error as WebhookAttemptError {
            return .failure(error)
        } catch {
            return .failure(.failed("\(error)"))
        }
        return .failure(lastError)
    }
}
