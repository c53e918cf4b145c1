import NIOCore
import NIOPosix
import NIOSSL
import SteadymailSMTP

/// The address, TLS and identity a connection to one relay needs.
struct RelayEndpoint: Sendable {
    var name: String
    var host: String
    var port: Int
    var implicitTLS: Bool
    var tlsContext: NIOSSLContext?
    var client: SMTPClientConfiguration
    /// Changes when a configuration reload changes how the relay is reached; a connection opened under an older
    /// generation is closed instead of reused.
    var generation = 0
}

/// One open SMTP session to a relay, reusable for several messages.
///
/// It exists to give the delivery code an async API (`open`, `send`, `close`) over the event-loop handler.
final class RelayConnection: Sendable {
    let relay: String
    let channel: any Channel
    let capabilities: SMTPServerCapabilities
    /// The `RelayEndpoint.generation` it was opened under.
    let generation: Int

    private init(relay: String, channel: any Channel, capabilities: SMTPServerCapabilities, generation: Int) {
        self.relay = relay
        self.channel = channel
        self.capabilities = capabilities
        self.generation = generation
    }

    /// Connects, reads the greeting, says EHLO, starts TLS and authenticates as the relay requires.
    static func open(_ endpoint: RelayEndpoint, group: any EventLoopGroup, registry: ChannelRegistry) async
        -> OpenResult
    {
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(endpoint.client.timeouts.connect.timeAmount)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let operations = channel.pipeline.syncOperations
                        if endpoint.implicitTLS, let tls = endpoint.tlsContext {
                            try operations.addHandler(
                                NIOSSLClientHandler(context: tls, serverHostname: hostname(endpoint)))
                        }
                        try operations.addHandler(
                            RelayClientHandler(
                                machine: SMTPClientStateMachine(configuration: endpoint.client),
                                tlsContext: endpoint.tlsContext,
                                serverHostname: hostname(endpoint), implicitTLS: endpoint.implicitTLS,
                                first: channel.eventLoop.makePromise()))
                    }
                }
                .connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            return .failed(SMTPSessionFailure(stage: .connect, kind: .connectionClosed))
        }
        registry.register(channel)
        let first: RelayClientEvent
        do {
            first = try await channel.pipeline.handler(type: RelayClientHandler.self).flatMap { $0.firstEvent }.get()
        } catch {
            channel.close(promise: nil)
            return .failed(SMTPSessionFailure(stage: .greeting, kind: .connectionClosed))
        }
        switch first {
        case .ready(let capabilities):
            return .opened(
                RelayConnection(
                    relay: endpoint.name, channel: channel, capabilities: capabilities,
                    generation: endpoint.generation))
        case .failed(let failure):
            channel.close(promise: nil)
            return .failed(failure)
        case .delivered:
            channel.close(promise: nil)
            return .failed(SMTPSessionFailure(stage: .greeting, kind: .protocolError("unexpected outcome")))
        }
    }

    /// A session ready for its first message, or why it could not be set up.
    enum OpenResult: Sendable {
        case opened(RelayConnection)
        case failed(SMTPSessionFailure)
    }

    /// Sends one message on the idle session.
    func send(_ message: SMTPOutboundMessage) async -> RelayClientEvent {
        let eventLoop = channel.eventLoop
        do {
            return try await channel.pipeline.handler(type: RelayClientHandler.self)
                .flatMap { $0.send(message, on: eventLoop) }.get()
        } catch {
            return .failed(SMTPSessionFailure(stage: .mail, kind: .connectionClosed))
        }
    }

    /// Says QUIT and closes.
    func close() {
        let channel = self.channel
        channel.pipeline.handler(type: RelayClientHandler.self).whenComplete { result in
            if case .success(let handler) = result { handler.quit() }
            channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
        }
    }

    var isActive: Bool { channel.isActive }

    private static func hostname(_ endpoint: RelayEndpoint) -> String? {
        endpoint.host.first?.isNumber == true || endpoint.host.contains(":") ? nil : endpoint.host
    }
}
