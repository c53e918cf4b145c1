import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A self-signed certificate for `localhost`, made with openssl once per test run, valid for `days`.
enum TestCertificate {
    struct Files: Sendable {
        var certificate: String
        var key: String
    }

    static let twoDays: Files = make(days: 2)

    private static func make(days: Int) -> Files {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("probe-tls-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = Files(
            certificate: directory.appendingPathComponent("cert.pem").path,
            key: directory.appendingPathComponent("key.pem").path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
            "/CN=localhost", "-days", "\(days)", "-keyout", files.key, "-out", files.certificate,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
        process.waitUntilExit()
        return files
    }

    static func serverContext(_ files: Files = twoDays) throws -> NIOSSLContext {
        try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(files.certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: files.key, format: .pem))))
    }

    static func unverifiedClientContext() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLContext(configuration: configuration)
    }
}

/// A server on 127.0.0.1 and a free port, closed by `close()`.
struct LocalTestServer: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress?.port ?? 0 }

    /// Listens and gives each accepted connection the handlers `initializer` adds.
    static func start(_ initializer: @escaping @Sendable (any Channel) throws -> Void) async throws -> LocalTestServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try initializer(channel) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return LocalTestServer(channel: channel)
    }

    func close() async {
        try? await channel.close()
    }
}

/// How the scripted SMTP peer behaves.
struct SMTPPeerScript: Sendable {
    /// The greeting line; nil never greets (a hanging server).
    var greeting: String? = "220 peer.test ESMTP"
    /// Offers STARTTLS with this context.
    var tls: NIOSSLContext?
    /// Sends a second reply together with STARTTLS's 220 (an injection attempt).
    var injectAfterStartTLS = false
    /// The AUTH PLAIN response accepted (base64 of "\0user\0password").
    var acceptedPlain: String?
    /// EHLO is refused with 502 (the client must fall back to HELO).
    var refuseEHLO = false
}

/// A tiny SMTP server answering by `SMTPPeerScript`: enough protocol to test probes, nothing more.
final class ScriptedSMTPPeer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let script: SMTPPeerScript
    private var buffer = ""
    private var tlsActive = false

    init(script: SMTPPeerScript) {
        self.script = script
    }

    func channelActive(context: ChannelHandlerContext) {
        if let greeting = script.greeting { send(greeting, context: context) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        buffer += String(buffer: unwrapInboundIn(data))
        while let end = buffer.range(of: "\r\n") {
            let line = String(buffer[..<end.lowerBound])
            buffer.removeSubrange(..<end.upperBound)
            answer(line, context: context)
        }
    }

    private func answer(_ line: String, context: ChannelHandlerContext) {
        let verb = line.split(separator: " ").first.map { $0.uppercased() } ?? ""
        switch verb {
        case "EHLO":
            guard !script.refuseEHLO else { return send("502 5.5.2 no EHLO here", context: context) }
            var lines = ["250-peer.test"]
            if script.tls != nil, !tlsActive { lines.append("250-STARTTLS") }
            lines.append("250 AUTH PLAIN LOGIN")
            send(lines.joined(separator: "\r\n"), context: context)
        case "HELO":
            send("250 peer.test", context: context)
        case "STARTTLS":
            guard let tls = script.tls else { return send("454 4.7.0 no TLS", context: context) }
            send(
                script.injectAfterStartTLS ? "220 2.0.0 go ahead\r\n250 injected" : "220 2.0.0 go ahead",
                context: context)
            tlsActive = true
            try? context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls), position: .first)
        case "AUTH":
            let response = line.split(separator: " ").dropFirst(2).first.map(String.init)
            send(
                response != nil && response == script.acceptedPlain ? "235 2.7.0 ok" : "535 5.7.8 bad credentials",
                context: context)
        case "QUIT":
            send("221 2.0.0 bye", context: context)
            context.close(promise: nil)
        default:
            send("250 ok", context: context)
        }
    }

    private func send(_ text: String, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }
}

/// Reads a request head and answers it with fixed bytes, then closes: an HTTP server for probe tests.
final class CannedHTTPPeer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let answer: @Sendable (String) -> (status: Int, body: String)
    private var request = ""

    init(answer: @escaping @Sendable (String) -> (status: Int, body: String)) {
        self.answer = answer
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        request += String(buffer: unwrapInboundIn(data))
        guard request.contains("\r\n\r\n") else { return }
        let target = request.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        let (status, body) = answer(target)
        let head =
            "HTTP/1.1 \(status) X\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n"
            + "Content-Type: text/plain\r\n\r\n"
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: head + body)))
            .whenComplete { _ in channel.close(promise: nil) }
        request = ""
    }
}
