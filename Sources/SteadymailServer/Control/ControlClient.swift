import Foundation
import NIOCore
import NIOPosix

/// The CLI's side of the control channel: sends one request to the running server and waits for its answer.
public struct ControlClient: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// True when a server answers on the socket.
    public func isServerRunning() async -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        do {
            let channel = try await connect()
            try? await channel.executeThenClose { _, _ in }
            return true
        } catch {
            return false
        }
    }

    /// Sends `request` and returns the server's answer; a server-side error becomes `ControlError.server`.
    public func send(_ request: ControlRequest) async throws -> ControlResponse {
        guard FileManager.default.fileExists(atPath: path) else { throw ControlError.notRunning(path) }
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await connect()
        } catch {
            throw ControlError.notRunning(path)
        }
        var payload = try JSONEncoder.control.encode(request)
        payload.append(UInt8(ascii: "\n"))
        let response = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: payload))
            for try await line in inbound {
                return try JSONDecoder.control.decode(ControlResponse.self, from: Data(line.readableBytesView))
            }
            throw ControlError.protocolError("the server closed the connection without answering")
        }
        if let error = response.error { throw ControlError.server(error) }
        return response
    }

    private func connect() async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(unixDomainSocketPath: path) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(NewlineFramer(maximumLength: ControlServer.maximumRequestLength)))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
    }
}
