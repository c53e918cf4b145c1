import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// Answers one control request; implemented by the server wiring over the queue and intake.
public protocol ControlRequestHandler: Sendable {
    func handle(_ request: ControlRequest) async -> ControlResponse
}

/// The local control channel: a Unix socket in the data directory, readable and writable only by the server's user,
/// carrying one JSON request and one JSON response per connection.
///
/// It exists so CLI commands act on the running server through the server, and so nothing but the local operator can
/// reach those commands.
public struct ControlServer: Service {
    public static let maximumRequestLength = 64 << 20

    let path: String
    let handler: any ControlRequestHandler
    let group: any EventLoopGroup
    let logger: Logger

    public init(path: String, handler: any ControlRequestHandler, group: any EventLoopGroup, logger: Logger) {
        self.path = path
        self.handler = handler
        self.group = group
        self.logger = logger
    }

    /// Binds the socket; call before `run` so start-up fails early when the socket cannot be created.
    public func bind() async throws -> NIOAsyncChannel<NIOAsyncChannel<ByteBuffer, ByteBuffer>, Never> {
        if FileManager.default.fileExists(atPath: path), await ControlClient(path: path).isServerRunning() {
            throw ControlError.alreadyRunning(path)
        }
        let channel = try await ServerBootstrap(group: group)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(NewlineFramer(maximumLength: Self.maximumRequestLength)))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: child)
                }
            }
        chmod(path, 0o600)
        return channel
    }

    public func run() async throws {
        let server = try await bind()
        logger.info("listening", metadata: ["control": "\(path)"])
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { tasks in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        tasks.addTask { await serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Answers each request line in turn until the client closes. The server never closes first: closing a channel
    /// drops writes still queued, which would cut a large answer short.
    private func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        try? await connection.executeThenClose { inbound, outbound in
            for try await line in inbound {
                let response: ControlResponse
                do {
                    let request = try JSONDecoder.control.decode(
                        ControlRequest.self, from: Data(line.readableBytesView))
                    response = await handler.handle(request)
                } catch {
                    response = ControlResponse(error: "malformed control request: \(error)")
                }
                var data = try JSONEncoder.control.encode(response)
                data.append(UInt8(ascii: "\n"))
                try await outbound.write(ByteBuffer(bytes: data))
            }
        }
    }
}

/// Failures of the control channel, worded for the operator.
public enum ControlError: Error, CustomStringConvertible {
    case alreadyRunning(String)
    case notRunning(String)
    case server(String)
    case protocolError(String)

    public var description: String {
        switch self {
        case .alreadyRunning(let path): "another steadymail server is already running on control socket \(path)"
        case .notRunning(let path): "no steadymail server is running on control socket \(path)"
        case .server(let message): message
        case .protocolError(let message): "control channel: \(message)"
        }
    }
}

extension JSONEncoder {
    /// The encoder of the control channel and of every `--json` output: stable key order, ISO dates.
    public static var control: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    public static var control: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
