import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A one-request-per-connection HTTP receiver on 127.0.0.1 for tests: it records each POST (head and body) and answers
/// with the status `status` picks for the request's number (0 first), then closes.
final class HTTPCaptureServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        /// Field names lowercased; the last value of a repeated field.
        var headers: [String: String]
        var body: [UInt8]
    }

    private let requests = Mutex<[Request]>([])
    private let status: @Sendable (Int) -> Int
    private let channel = Mutex<(any Channel)?>(nil)

    private init(status: @escaping @Sendable (Int) -> Int) {
        self.status = status
    }

    static func start(status: @escaping @Sendable (Int) -> Int = { _ in 200 }) async throws -> HTTPCaptureServer {
        let server = HTTPCaptureServer(status: status)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.channel.withLock { $0 = channel }
        return server
    }

    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    var received: [Request] { requests.withLock { $0 } }

    /// The requests once there are at least `count`, or what there is after `timeout`.
    func waitFor(_ count: Int, timeout: Duration = .seconds(15)) async -> [Request] {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            let now = received
            if now.count >= count { return now }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return received
    }

    func stop() async {
        try? await channel.withLock { $0 }?.close()
    }

    fileprivate func record(_ request: Request) -> Int {
        let number = requests.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
        return status(number)
    }

    /// A complete request in `bytes` (head and `Content-Length` body), or nil while more is needed.
    static func parse(_ bytes: [UInt8]) -> Request? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = bytes.indices.first(where: { Array(bytes[$0..<min($0 + 4, bytes.count)]) == separator })
        else { return nil }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = end + 4
        guard bytes.count >= bodyStart + length else { return nil }
        return Request(
            method: requestLine.first.map(String.init) ?? "", path: requestLine.count > 1 ? String(requestLine[1]) : "",
            headers: headers, body: Array(bytes[bodyStart..<(bodyStart + length)]))
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let server: HTTPCaptureServer
        var bytes: [UInt8] = []
        var answered = false

        init(server: HTTPCaptureServer) {
            self.server = server
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            bytes += Array(buffer: unwrapInboundIn(data))
            guard !answered, let request = HTTPCaptureServer.parse(bytes) else { return }
            answered = true
            let status = server.record(request)
            let response = "HTTP/1.1 \(status) Test\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response))).whenComplete { _ in
                channel.close(promise: nil)
            }
        }
    }
}
