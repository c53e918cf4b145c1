import NIOCore
import SteadymailDomain

/// A GET to an AWS SNS endpoint: a signing certificate, or a subscription's confirmation URL.
///
/// It exists as a seam so that tests check which URLs are fetched without the network.
protocol SNSFetching: Sendable {
    func get(_ url: WebhookURL, bodyLimit: Int) async throws -> WebhookHTTPClient.Response
}

/// Fetches through the outgoing-webhook client: the name is resolved and every address vetted (private addresses
/// are never allowed here), then the pinned address is dialled with full TLS verification.
struct LiveSNSFetcher: SNSFetching {
    let resolver: WebhookTargetResolver
    let client: WebhookHTTPClient
    let timeout: Duration

    func get(_ url: WebhookURL, bodyLimit: Int) async throws -> WebhookHTTPClient.Response {
        let deadline = NIODeadline.now() + timeout.timeAmount
        let addresses = try await resolver.addresses(host: url.host, port: url.port, within: timeout)
        var lastError: any Error = WebhookAttemptError.failed("\(url.host) has no address")
        for address in addresses {
            do {
                return try await client.get(url, to: address, bodyLimit: bodyLimit, deadline: deadline)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }
}
