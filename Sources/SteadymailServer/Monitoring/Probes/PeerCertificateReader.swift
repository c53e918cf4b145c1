import Foundation
import NIOCore
import NIOSSL
import NIOTLS

/// Waits for the TLS handshake on a probe connection, reads the leaf certificate's expiry, and closes the channel.
///
/// It exists so that `TLSCertificateProbe` reads the certificate on the event loop, where NIOSSL allows it, and gets
/// one answer whatever happens: the expiry, the handshake error, or the connection closing first.
final class PeerCertificateReader: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    enum Outcome: Sendable {
        case expiry(Date)
        case failed(String)
    }

    private let promise: EventLoopPromise<Outcome>
    let result: EventLoopFuture<Outcome>

    init(eventLoop: any EventLoop) {
        promise = eventLoop.makePromise()
        result = promise.futureResult
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let tls = event as? TLSUserEvent, case .handshakeCompleted = tls else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        if let certificate = try? context.pipeline.syncOperations.nioSSL_peerCertificate() {
            promise.succeed(.expiry(Date(timeIntervalSince1970: TimeInterval(certificate.notValidAfter))))
        } else {
            promise.succeed(.failed("the server presented no certificate"))
        }
        context.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.succeed(.failed("TLS handshake failed: \(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(.failed("the connection closed before the TLS handshake ended"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise.succeed(.failed("the connection closed before the TLS handshake ended"))
    }
}
