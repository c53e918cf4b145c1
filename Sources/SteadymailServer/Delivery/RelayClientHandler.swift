import NIOCore
import NIOSSL
import NIOTLS
import SteadymailSMTP

/// What a relay session reports back to the code that waits on it.
enum RelayClientEvent: Sendable {
    case ready(SMTPServerCapabilities)
    case delivered(SMTPTransactionOutcome)
    case failed(SMTPSessionFailure)
}

/// Moves bytes between one relay connection and its `SMTPClientStateMachine`, arms the timeout of the current
/// stage, starts TLS when told, and completes the one outstanding request (connect, send) with what the machine says.
///
/// It exists so every protocol decision of the outbound side stays in the pure state machine; this handler only does
/// I/O, like its inbound twin `SMTPSessionHandler`.
final class RelayClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var machine: SMTPClientStateMachine
    private let tlsContext: NIOSSLContext?
    private let serverHostname: String?
    private let implicitTLS: Bool
    private var pending: EventLoopPromise<RelayClientEvent>?
    private var timer: Scheduled<Void>?
    private var finished = false
    private var context: ChannelHandlerContext?
    private var greeted = false
    /// Completes when the session is ready for its first message, or failed before that.
    let firstEvent: EventLoopFuture<RelayClientEvent>

    init(
        machine: SMTPClientStateMachine, tlsContext: NIOSSLContext?, serverHostname: String?,
        implicitTLS: Bool, first: EventLoopPromise<RelayClientEvent>
    ) {
        self.machine = machine
        self.tlsContext = tlsContext
        self.serverHostname = serverHostname
        self.implicitTLS = implicitTLS
        self.pending = first
        self.firstEvent = first.futureResult
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        timer?.cancel()
        finish(.failed(SMTPSessionFailure(stage: machine.stage, kind: .connectionClosed)))
    }

    func channelActive(context: ChannelHandlerContext) {
        if implicitTLS {
            arm(context)
        } else {
            greeted = true
            perform(machine.connected(), context: context)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        perform(machine.received(unwrapInboundIn(data)), context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls {
            if greeted {
                perform(machine.tlsEstablished(), context: context)
            } else {
                greeted = true
                perform(machine.connected(), context: context)
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError {
            perform(machine.tlsFailed(), context: context)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        perform(machine.connectionClosed(), context: context)
        finish(.failed(SMTPSessionFailure(stage: machine.stage, kind: .connectionClosed)))
        context.fireChannelInactive()
    }

    /// Starts a transaction on an idle session; the returned future completes with its outcome.
    func send(_ message: SMTPOutboundMessage, on eventLoop: any EventLoop) -> EventLoopFuture<RelayClientEvent> {
        let promise = eventLoop.makePromise(of: RelayClientEvent.self)
        guard let context, pending == nil, !finished else {
            promise.succeed(.failed(SMTPSessionFailure(stage: machine.stage, kind: .connectionClosed)))
            return promise.futureResult
        }
        pending = promise
        perform(machine.send(message), context: context)
        return promise.futureResult
    }

    func quit() {
        guard let context, !finished else { return }
        perform(machine.quit(), context: context)
    }

    private func perform(_ actions: [SMTPClientAction], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .write(let bytes):
                context.write(wrapOutboundOut(bytes), promise: nil)
            case .startTLS:
                context.flush()
                startTLS(context: context)
            case .ready(let capabilities):
                finish(.ready(capabilities))
            case .delivered(let outcome):
                finish(.delivered(outcome))
            case .failed(let failure):
                finish(.failed(failure))
            case .close:
                context.flush()
                finished = true
                context.close(promise: nil)
            }
        }
        context.flush()
        arm(context)
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tlsContext,
            let handler = try? NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
        else {
            perform(machine.tlsFailed(), context: context)
            return
        }
        do {
            try context.pipeline.syncOperations.addHandler(handler, position: .first)
        } catch {
            perform(machine.tlsFailed(), context: context)
        }
    }

    /// (Re)arms the timeout of the stage the machine is in while it waits for the server.
    private func arm(_ context: ChannelHandlerContext) {
        timer?.cancel()
        guard !finished, !machine.isClosed else { return }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let timeout = machine.configuration.timeouts.duration(for: machine.stage)
        timer = context.eventLoop.scheduleTask(in: timeout.timeAmount) {
            let (handler, context) = bound.value
            handler.perform(handler.machine.timedOut(), context: context)
        }
    }

    private func finish(_ event: RelayClientEvent) {
        if case .failed = event { finished = true }
        let promise = pending
        pending = nil
        promise?.succeed(event)
    }
}
