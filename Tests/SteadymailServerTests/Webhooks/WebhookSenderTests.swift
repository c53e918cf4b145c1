import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct WebhookSenderTests {
    func sender(allowPrivate: Bool) throws -> WebhookSender {
        WebhookSender(
            resolver: WebhookTargetResolver(policy: TargetAddressPolicy(allowPrivate: allowPrivate)),
            client: WebhookHTTPClient(
                group: MultiThreadedEventLoopGroup.singleton,
                tlsContext: try NIOSSLContext(configuration: .makeClientConfiguration())),
            timeout: .seconds(5), maxRedirects: 3)
    }

    func delivery(url: String) -> WebhookDelivery {
        WebhookDelivery(
            id: 1, webhookID: "wh_test", url: url, secret: "s",
            event: WebhookEvent(
                id: 7, type: .delivered, time: Date(timeIntervalSince1970: 1_700_000_000),
                recipient: RecipientKey(messageID: QueueID("00000000000000000001")!, index: 0), address: "a@x.org",
                relay: "r", reply: "250 ok", note: nil, tags: []),
            attempts: 1)
    }

    @Test func aNameResolvingToLoopbackIsRefusedBeforeAnyConnection() async throws {
        let outcome = try await sender(allowPrivate: false).send(delivery(url: "http://localhost:1/hook"), now: Date())
        guard case .refused(let reason) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(reason.contains("loopback"))
    }

    @Test func aStoredURLThatNoLongerParsesIsRefused() async throws {
        let outcome = try await sender(allowPrivate: true).send(delivery(url: "http://127.1/"), now: Date())
        guard case .refused = outcome else {
            Issue.record("\(outcome)")
            return
        }
    }

    @Test func aClosedPortIsAFailureToRetry() async throws {
        let outcome = try await sender(allowPrivate: true).send(delivery(url: "http://127.0.0.1:1/hook"), now: Date())
        guard case .failed(let reason) = outcome else {
            Issue.record("\(outcome)")
            return
        }
        #expect(reason.contains("127.0.0.1:1"), "\(reason)")
    }
}
