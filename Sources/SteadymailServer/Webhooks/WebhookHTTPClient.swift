import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SteadymailDomain

/// One webhook POST over one HTTP/1.1 connection to an address the caller vetted.
///
/// It exists because the connection must go to that address and nowhere else: an HTTP client that resolves names
/// itself would dial whatever the name resolves to at that moment. Here the TCP connection goes to the pinned address,
/// while the `Host` header, TLS SNI and certificate verification use the URL's host name (the IP address when the URL
/// names one). Only the response head is read; the connection is closed after it.
struct WebhookHTTPClient: Sendable {
    let group: any EventLoopGroup
    /// The client TLS context for `https` targets: system trust roots, full certificate and host name verification.
    let tlsContext: NIOSSLContext

    /// The status and `Location` of the answer.
    struct Response: Sendable, Equatable {
        var status: Int
        var location: String?
    }

    /// Sends `body` to `url` through `address`; everything (connection, TLS, request, response head) ends by
    /// `deadline`, or the connection is closed and the attempt fails.
    func post(
        _ url: WebhookURL, to address: SocketAddress, headers: [(String, String)], body: [UInt8],
        deadline: NIODeadline
    ) async throws -> Response {
        let remaining = deadline - .now()
        guard remaining > .zero else { throw WebhookAttemptError.failed("timed out") }
        let tls = url.scheme == .https ? tlsContext : nil
        let serverName = url.literalAddress == nil ? url.host.trimmingSuffix(".") : nil
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(remaining)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .connect(to: address) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let operations = channel.pipeline.syncOperations
                        if let tls {
                            try operations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                        }
                        try operations.addHTTPClientHandlers()
                        return try NIOAsyncChannel(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw WebhookAttemptError.failed("cannot connect to \(address.ipAddress ?? "?"): \(error)")
        }
        let closing = channel.channel.eventLoop.scheduleTask(deadline: deadline) { [channel] in
            channel.channel.close(promise: nil)
        }
        defer { closing.cancel() }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: url.target)
                head.headers.add(name: "Host", value: url.hostHeader)
                head.headers.add(name: "Content-Length", value: String(body.count))
                head.headers.add(name: "Connection", value: "close")
                for (name, value) in headers { head.headers.add(name: name, value: value) }
                try await outbound.write(.head(head))
                try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
                try await outbound.write(.end(nil))
                for try await part in inbound {
                    guard case .head(let response) = part, response.status.code >= 200 else { continue }
                    return Response(
                        status: Int(response.status.code), location: response.headers.first(name: "Location"))
                }
                throw WebhookAttemptError.failed("the connection closed before an answer")
            }
        } catch let error as WebhookAttemptError {
            throw NIODeadline.now() >= deadline ? .failed("timed out") : error
        } catch {
            throw NIODeadline.now() >= deadline ? WebhookAttemptError.failed("timed out") : .failed("\(error)")
        }
    }
}

extension String {
    /// The text without one trailing `suffix`.
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
