import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A minimal SMTP server on 127.0.0.1 for tests, standing in for a relay: it greets, says 250 to EHLO, MAIL and RCPT
/// (or refuses RCPT), takes DATA, and hands each accepted message (dot-stuffing undone) to `forward` unless it is told
/// to drop mail, the way a forwarding relay would pass it on.
final class SMTPTestRelay: Sendable {
    enum Behaviour: Sendable {
        /// Accept and pass each message on.
        case forward
        /// Accept with 250 and pass nothing on.
        case drop
        /// Refuse every recipient with this reply line.
        case refuseRecipients(String)
    }

    let behaviour: Behaviour
    let forward: @Sendable (_ sender: String, _ recipients: [String], _ content: [UInt8]) async -> Void
    private let channel = Mutex<(any Channel)?>(nil)
    private let accepted = Mutex(0)

    private init(
        behaviour: Behaviour, forward: @escaping @Sendable (String, [String], [UInt8]) async -> Void
    ) {
        self.behaviour = behaviour
        self.forward = forward
    }

    static func start(
        _ behaviour: Behaviour, forward: @escaping @Sendable (String, [String], [UInt8]) async -> Void = { _, _, _ in }
    ) async throws -> SMTPTestRelay {
        let relay = SMTPTestRelay(behaviour: behaviour, forward: forward)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Session(relay: relay))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        relay.channel.withLock { $0 = channel }
        return relay
    }

    var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }

    /// Messages answered with 250 after the final dot.
    var acceptedMessages: Int { accepted.withLock { $0 } }

    func stop() async {
        try? await channel.withLock { $0 }?.close()
    }

    fileprivate func accepted(sender: String, recipients: [String], content: [UInt8]) {
        accepted.withLock { $0 += 1 }
        guard case .forward = behaviour else { return }
        Task { await forward(sender, recipients, content) }
    }

    private final class Session: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        let relay: SMTPTestRelay
        var bytes: [UInt8] = []
        var inData = false
        var sender = ""
        var recipients: [String] = []

        init(relay: SMTPTestRelay) {
            self.relay = relay
        }

        func channelActive(context: ChannelHandlerContext) {
            reply("220 test relay ESMTP", context: context)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            bytes += Array(buffer: unwrapInboundIn(data))
            while let line = nextLine() {
                if inData {
                    dataLine(line, context: context)
                } else {
                    command(String(decoding: line, as: UTF8.self), context: context)
                }
            }
        }

        private var content: [UInt8] = []

        private func dataLine(_ line: [UInt8], context: ChannelHandlerContext) {
            if line == [UInt8(ascii: ".")] {
                inData = false
                relay.accepted(sender: sender, recipients: recipients, content: content)
                content = []
                reply("250 2.0.0 Ok: queued", context: context)
                return
            }
            content += (line.first == UInt8(ascii: ".") ? Array(line.dropFirst()) : line) + [13, 10]
        }

        private func command(_ line: String, context: ChannelHandlerContext) {
            let verb = line.prefix(4).uppercased()
            switch verb {
            case "EHLO", "HELO": reply("250 test relay", context: context)
            case "MAIL":
                sender = Self.path(line)
                recipients = []
                reply("250 2.1.0 Ok", context: context)
            case "RCPT":
                if case .refuseRecipients(let text) = relay.behaviour {
                    reply(text, context: context)
                } else {
                    recipients.append(Self.path(line))
                    reply("250 2.1.5 Ok", context: context)
                }
            case "DATA":
                inData = true
                reply("354 End data with <CR><LF>.<CR><LF>", context: context)
            case "RSET", "NOOP": reply("250 Ok", context: context)
            case "QUIT":
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "221 Bye\r\n"))).whenComplete { _ in
                    channel.close(promise: nil)
                }
            default: reply("502 5.5.2 Unknown command", context: context)
            }
        }

        private func reply(_ text: String, context: ChannelHandlerContext) {
            context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
        }

        /// The next CRLF-terminated line without its CRLF.
        private func nextLine() -> [UInt8]? {
            guard
                let cr = bytes.indices.first(where: { bytes[$0] == 13 && $0 + 1 < bytes.count && bytes[$0 + 1] == 10 })
            else { return nil }
            let line = Array(bytes[..<cr])
            bytes.removeFirst(cr + 2)
            return line
        }

        private static func path(_ line: String) -> String {
            guard let open = line.firstIndex(of: "<"), let close = line.lastIndex(of: ">"), open < close else {
                return ""
            }
            return String(line[line.index(after: open)..<close])
        }
    }
}
