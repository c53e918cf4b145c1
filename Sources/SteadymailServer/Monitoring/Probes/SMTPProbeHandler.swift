import NIOCore
import NIOSSL
import NIOTLS
import SteadymailSMTP

/// How far one SMTP probe session got, for `SMTPProbe` to word.
struct SMTPProbeReport: Sendable {
    enum Outcome: Sendable {
        /// Greeting, EHLO, and STARTTLS and AUTH as asked, all accepted; QUIT was sent.
        case ready
        case failed(SMTPSessionFailure)
    }

    var outcome = Outcome.failed(SMTPSessionFailure(stage: .connect, kind: .connectionClosed))
    /// The code of the greeting's first line, once three digits of it arrived.
    var greetingCode: Int?
    /// EHLO was refused and HELO sent instead.
    var usedHELO = false
    var startedTLS = false
    var authenticated = false
    /// What the TLS layer said when a handshake failed.
    var tlsError: String?
}

/// Drives an `SMTPClientStateMachine` through greeting, EHLO, STARTTLS and AUTH on one probe connection, then says
/// QUIT, and reports how far it got.
///
/// It exists so that the probe speaks SMTP through the same pure machine as delivery (reply limits, HELO fallback,
/// no bytes accepted between STARTTLS's 220 and the handshake) while sending no mail. It arms no timers of its own:
/// the probe's connector closes the channel at the deadline, which ends the session as closed.
final class SMTPProbeHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var machine: SMTPClientStateMachine
    private let tlsContext: NIOSSLContext?
    private let serverHostname: String?
    private let implicitTLS: Bool
    private let promise: EventLoopPromise<SMTPProbeReport>
    private var report = SMTPProbeReport()
    private var greetingPrefix: [UInt8] = []
    private var connected = false
    /// Completes once, when the session is ready or has failed.
    let result: EventLoopFuture<SMTPProbeReport>

    init(
        configuration: SMTPClientConfiguration, tlsContext: NIOSSLContext?, serverHostname: String?,
        eventLoop: any EventLoop
    ) {
        machine = SMTPClientStateMachine(configuration: configuration)
        self.tlsContext = tlsContext
        self.serverHostname = serverHostname
        implicitTLS = configuration.tlsMode == .implicit
        promise = eventLoop.makePromise()
        result = promise.futureResult
    }

    func channelActive(context: ChannelHandlerContext) {
        if !implicitTLS {
            connected = true
            perform(machine.connected(), context: context)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        if machine.stage == .greeting, greetingPrefix.count < 3 {
            greetingPrefix += bytes.readableBytesView.prefix(3 - greetingPrefix.count)
            if greetingPrefix.count == 3 {
                report.greetingCode = Int(String(decoding: greetingPrefix, as: UTF8.self))
            }
        }
        perform(machine.received(bytes), context: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let tls = event as? TLSUserEvent, case .handshakeCompleted = tls else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if connected {
            report.startedTLS = true
            perform(machine.tlsEstablished(), context: context)
        } else {
            connected = true
            perform(machine.connected(), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError {
            report.tlsError = "\(error)"
            perform(machine.tlsFailed(), context: context)
        }
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        perform(machine.connectionClosed(), context: context)
        finish(.failed(SMTPSessionFailure(stage: machine.stage, kind: .connectionClosed)))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        finish(.failed(SMTPSessionFailure(stage: machine.stage, kind: .connectionClosed)))
    }

    private func perform(_ actions: [SMTPClientAction], context: ChannelHandlerContext) {
        for action in actions {
            switch action {
            case .write(let bytes):
                if bytes.readableBytesView.starts(with: "HELO ".utf8) { report.usedHELO = true }
                context.write(wrapOutboundOut(bytes), promise: nil)
            case .startTLS:
                context.flush()
                startTLS(context: context)
            case .ready:
                report.authenticated = machine.configuration.credentials != nil
                finish(.ready)
                perform(machine.quit(), context: context)
            case .delivered:
                break
            case .failed(let failure):
                finish(.failed(failure))
            case .close:
                context.flush()
                context.close(promise: nil)
            }
        }
        context.flush()
    }

    private func startTLS(context: ChannelHandlerContext) {
        guard let tlsContext,
            let handler = try? NIOSSLClientHandler(context: tlsContext, serverHostname: serverHostname)
        else {
            report.tlsError = "no TLS context"
            perform(machine.tlsFailed(), context: context)
            return
        }
        do {
            try context.pipeline.syncOperations.addHandler(handler, position: .first)
        } catch {
            report.tlsError = "\(error)"
            perform(machine.tlsFailed(), context: context)
        }
    }

    private func finish(_ outcome: SMTPProbeReport.Outcome) {
        var report = self.report
        report.outcome = outcome
        promise.succeed(report)
    }
}
