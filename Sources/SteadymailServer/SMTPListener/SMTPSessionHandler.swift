import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOTLS
import SteadymailDomain
import SteadymailSMTP

/// Asks a session to finish its current transaction and close: sent to every open session on graceful shutdown.
struct ShutdownRequested: Sendable {}

/// Moves bytes between one SMTP connection and its protocol state machine and carries out the machine's actions.
///
/// It exists so that all SMTP decisions live in `SMTPServerStateMachine` (pure, tested without sockets) while this
/// handler only does I/O: writing replies, starting TLS, verifying credentials and queueing messages off the event
/// loop, then feeding the results back.
final class SMTPSessionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var machine: SMTPServerStateMachine
    private let services: SMTPSessionServices
    private let clientAddress: String
    /// Plain SMTP, or implicit-TLS submissions.
    private let interface: IntakeInterface
    private var closed = false
    /// True while an answer (credentials, enqueue) is outstanding; the idle timer does not count that time.
    private var waiting = false

    init(services: SMTPSessionServices, clientAddress: String, implicitTLS: Bool) {
        self.services = services
        self.clientAddress = clientAddress
        self.interface = implicitTLS ? .submissions : .smtp
        self.machine = SMTPServerStateMachine(
            policy: services.policy,
            session: SMTPSessionInfo(
                clientAddress: clientAddress, clientIsTrusted: services.isTrusted(clientAddress), tlsActive: implicitTLS
            ))
    }

    func channelActive(context: ChannelHandlerContext) {
        machine.setIntakeAvailable(services.pipeline.isAvailable)
        perform(machine.connected(), context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closed else { return }
        machine.setIntakeAvailable(services.pipeline.isAvailable)
        perform(machine.received(unwrapInboundIn(data)), context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case let tls as TLSUserEvent:
            if case .handshakeCompleted = tls { perform(machine.tlsEstablished(), context: context) }
        case let idle as IdleStateHandler.IdleStateEvent where idle == .read && !waiting:
            perform(machine.idleTimeout(), context: context)
        case is ShutdownRequested:
            perform(machine.shutdownRequested(), context: context)
        default:
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        services.logger.debug("smtp session error", metadata: ["client": "\(clientAddress)", "error": "\(error)"])
        closed = true
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        context.fireChannelInactive()
    }

    private func perform(_ actions: [SMTPServerAction], context: ChannelHandlerContext) {
        for action in actions {
            guard !closed else { return }
            switch action {
            case .send(let reply):
                context.write(wrapOutboundOut(ByteBuffer(string: reply.encoded())), promise: nil)
            case .startTLS:
                context.flush()
                startTLS(context: context)
            case .authenticate(let username, let password):
                authenticate(username: username, password: password, context: context)
            case .enqueue(let transaction):
                enqueue(transaction, context: context)
            case .close:
                closed = true
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer())).whenComplete { _ in
                    channel.close(promise: nil)
                }
                return
            }
        }
        context.flush()
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tlsContext = services.tlsContext else {
            perform(machine.tlsFailed(), context: context)
            return
        }
        do {
            try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tlsContext), position: .first)
        } catch {
            perform(machine.tlsFailed(), context: context)
        }
    }

    /// Runs `work` off the event loop, then hands its result back to the state machine on the loop.
    private func later<Result: Sendable>(
        _ context: ChannelHandlerContext, _ work: @escaping @Sendable () async -> Result,
        then: @escaping (SMTPSessionHandler, ChannelHandlerContext, Result) -> [SMTPServerAction]
    ) {
        waiting = true
        context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        let bound = NIOLoopBound((self, context, then), eventLoop: context.eventLoop)
        let future = context.eventLoop.makeFutureWithTask(work)
        future.whenSuccess { result in
            let (handler, context, then) = bound.value
            handler.waiting = false
            guard !handler.closed else { return }
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            handler.perform(then(handler, context, result), context: context)
        }
    }

    private func authenticate(username: String, password: String, context: ChannelHandlerContext) {
        let services = self.services
        let address = clientAddress
        later(context) { () -> SMTPAuthResult in
            let now = Date()
            if services.authLimiter.isBlocked(address, now: now) { return .tooManyFailures }
            if services.credentials.verify(username: username, password: password) {
                return .succeeded(username: username)
            }
            services.authLimiter.recordFailure(address, now: now)
            services.logger.notice("auth failed", metadata: ["client": "\(address)", "user": "\(username)"])
            return .failed
        } then: { handler, _, result in
            handler.machine.authenticationFinished(result)
        }
    }

    private func enqueue(_ transaction: SMTPTransaction, context: ChannelHandlerContext) {
        let pipeline = services.pipeline
        let recipients = transaction.recipients.map(\.description)
        let request = IntakeRequest(
            sender: {
                if case .mailbox(let mailbox) = transaction.reversePath { return mailbox.description }
                return ""
            }(),
            recipients: recipients,
            content: Array(transaction.body.readableBytesView),
            trace: IntakeRewriter.Trace(
                heloName: transaction.heloName, clientAddress: clientAddress, protocolName: transaction.protocolName,
                singleRecipient: recipients.count == 1 ? recipients[0] : nil),
            origin: "smtp \(clientAddress) helo=\(transaction.heloName)", interface: interface,
            submitter: transaction.authenticatedUser)
        later(context) { () -> SMTPEnqueueResult in
            do throws(IntakeFailure) {
                return .queued(id: try await pipeline.accept(request).rawValue)
            } catch {
                switch error {
                case .insufficientStorage: return .insufficientStorage
                case .rejected(let reason): return .rejected(reason)
                case .temporary(let reason), .conflict(let reason): return .temporaryFailure(reason)
                }
            }
        } then: { handler, _, result in
            handler.machine.enqueueFinished(result)
        }
    }
}
