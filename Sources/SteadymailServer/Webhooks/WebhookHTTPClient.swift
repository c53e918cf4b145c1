import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import SteadymailDomain

/// One HTTP/1.1 request over one connection to an address the caller resolved: a webhook POST, or a monitor's GET.
///
/// It exists because the connection must go to that address and nowhere else: an HTTP client that resolves names
/// itself would dial whatever the name resolves to at that moment. Here the TCP connection goes to the pinned address,
/// while the `Host` header, TLS SNI and certificate verification use the URL's host name (the IP address when the URL
/// names one). A POST reads only the response head; a GET reads the body up to a limit. The connection is closed
/// after.
struct WebhookHTTPClient: Sendable {
    let group: any EventLoopGroup
    /// The client TLS context for `https` targets: system trust roots, full certificate and host name verification.
    let tlsContext: NIOSSLContext

    /// The status and `Location` of the answer, and for a GET the start of its body.
    struct Response: Sendable, Equatable {
        var status: Int
        var location: String?
        var body: [UInt8] = []
    }

    /// Sends `body` to `url` through `address`; everything (connection, TLS, request, response head) ends by
    /// `deadline`, or the connection is closed and the attempt fails.
    func post(
        _ url: WebhookURL, to address: SocketAddress, headers: [(String, String)], body: [UInt8],
        deadline: NIODeadline
    ) async throws -> Response {
        try await exchange(
            .POST, url, to: address, headers: headers, body: body, bodyLimit: nil, deadline: deadline)
    }

    /// Fetches `url` through `address` and reads at most `bodyLimit` bytes of the body; everything ends by `deadline`,
    /// or the connection is closed and the attempt fails.
    func get(_ url: WebhookURL, to address: SocketAddress, bodyLimit: Int, deadline: NIODeadline) async throws
        -> Response
    {
        try await exchange(.GET, url, to: address, headers: [], body: nil, bodyLimit: bodyLimit, deadline: deadline)
    }

    /// Sends one request; with a `bodyLimit` the body is read up to it, else only the head.
    private func exchange(
        _ method: HTTPMethod, _ url: WebhookURL, to address: SocketAddress, headers: [(String, String)],
        body: [UInt8]?, bodyLimit: Int?, deadline: NIODeadline
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
                var head = HTTPRequestHead(version: .http1_1, method: method, uri: url.target)
                head.headers.add(name: "Host", value: url.hostHeader)
                if let body { head.headers.add(name: "Content-Length", value: String(body.count)) }
                head.headers.add(name: "Connection", value: "close")
                for (name, value) in headers { head.headers.add(name: name, value: value) }
                var request: [HTTPClientRequestPart] = [.head(head)]
                if let body { request.append(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
                request.append(.end(nil))
                try await outbound.write(contentsOf: request)
                var response: Response?
                for try await part in inbound {
                    switch part {
                    case .head(let head) where head.status.code >= 200 && response == nil:
                        let answer = Response(
                            status: Int(head.status.code), location: head.headers.first(name: "Location"))
                        guard bodyLimit != nil else { return answer }
                        response = answer
                    case .body(let bytes):
                        guard var answer = response, let bodyLimit else { continue }
                        answer.body += bytes.readableBytesView.prefix(bodyLimit - answer.body.count)
                        response = answer
                        if answer.body.count >= bodyLimit { return answer }
                    case .end:
                        if let response { return response }
                    case .head:
                        continue
                    }
                }
                if let response { return response }
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
