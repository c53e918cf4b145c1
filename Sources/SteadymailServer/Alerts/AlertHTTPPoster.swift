import NIOCore
import SteadymailDomain

/// One POST of an alert to a URL from the operator's configuration: resolve the host off the event loops, try each
/// address in turn, and call any 2xx a success.
///
/// It exists so the webhook and Slack channels share the webhooks' resolver and pinned-address HTTP client. Unlike a
/// subscription's URL, an alert URL is chosen by the operator, so its resolver allows loopback and private addresses
/// (a receiver on the same host or network is the normal case); addresses that are never dialled (unspecified,
/// multicast) are still refused. Redirects are not followed: the operator can configure the final URL.
struct AlertHTTPPoster: Sendable {
    let resolver: WebhookTargetResolver
    let client: WebhookHTTPClient

    init(client: WebhookHTTPClient) {
        self.resolver = WebhookTargetResolver(policy: TargetAddressPolicy(allowPrivate: true))
        self.client = client
    }

    /// Posts `body` to `url`; resolution, connection and answer together end within `timeout`.
    func post(_ url: WebhookURL, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws {
        let deadline = NIODeadline.now() + timeout.timeAmount
        let addresses: [SocketAddress]
        do {
            addresses = try await resolver.addresses(host: url.host, port: url.port, within: timeout)
        } catch {
            throw AlertDeliveryError("\(url.hostHeader): \(error)")
        }
        var lastError = "no address answered"
        for address in addresses {
            let response: WebhookHTTPClient.Response
            do {
                response = try await client.post(url, to: address, headers: headers, body: body, deadline: deadline)
            } catch {
                lastError = "\(error)"
                continue
            }
            guard (200..<300).contains(response.status) else {
                throw AlertDeliveryError("\(url.hostHeader): HTTP \(response.status)")
            }
            return
        }
        throw AlertDeliveryError("\(url.hostHeader): \(lastError)")
    }
}
