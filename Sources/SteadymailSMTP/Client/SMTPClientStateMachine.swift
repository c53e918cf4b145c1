import NIOCore

/// The client side of one SMTP connection to one relay as a pure value: bytes and events in, actions out.
///
/// It exists so that every outbound protocol decision (reply parsing and its bounds, EHLO/HELO, STARTTLS, AUTH,
/// PIPELINING, MAIL parameters, dot-stuffing, connection reuse) is made in one place without sockets or clocks,
/// testable as transcripts. The connection feeds it events, executes the returned actions in order, and arms the
/// timeout for `stage`. Several messages may be sent in sequence; RSET is sent before a message only when the
/// previous transaction failed before its final dot. Bytes received after the relay's 220 to STARTTLS and before
/// the handshake end the session (STARTTLS injection), and a `required` TLS mode never sends an envelope in
/// plaintext.
public struct SMTPClientStateMachine: Sendable {
    enum AuthStep: Equatable, Sendable {
        /// Waiting for 235 after AUTH PLAIN or the LOGIN password.
        case result
        case loginUsername(SMTPClientCredentials)
        case loginPassword(SMTPClientCredentials)
    }

    enum Phase: Sendable {
        case awaitingConnection
        case greeting
        case ehlo
        case helo
        case startTLS
        case tlsHandshake
        case auth(AuthStep)
        case ready
        case reset(SMTPClientTransaction)
        case transaction(SMTPClientTransaction)
        case quit
        case closed(SMTPClientStage)
    }

    public let configuration: SMTPClientConfiguration
    /// What the relay offered in its last EHLO reply.
    public internal(set) var capabilities = SMTPServerCapabilities()
    /// Whether the connection is encrypted (implicit TLS, or after STARTTLS).
    public internal(set) var tlsActive: Bool
    var phase = Phase.awaitingConnection
    var parser: SMTPReplyParser
    var needsReset = false

    public init(configuration: SMTPClientConfiguration) {
        self.configuration = configuration
        self.tlsActive = configuration.tlsMode == .implicit
        self.parser = SMTPReplyParser(
            maximumLineLength: configuration.maxReplyLineLength, maximumLines: configuration.maxReplyLines)
    }

    /// What the machine waits for; the connection arms `configuration.timeouts.duration(for: stage)`.
    public var stage: SMTPClientStage {
        switch phase {
        case .awaitingConnection: return .connect
        case .greeting: return .greeting
        case .ehlo, .helo: return .ehlo
        case .startTLS, .tlsHandshake: return .startTLS
        case .auth: return .auth
        case .ready: return .idle
        case .reset: return .rset
        case .transaction(let transaction): return transaction.stage
        case .quit: return .quit
        case .closed(let stage): return stage
        }
    }

    /// Whether the session has ended; every further event returns no actions.
    public var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    /// Reply bytes held and not yet part of a complete reply line (bounded by `maxReplyLineLength`).
    public var bufferedByteCount: Int { parser.bufferedByteCount }

    // MARK: Events

    /// TCP is up (for implicit TLS: the handshake is done); the greeting is awaited.
    public mutating func connected() -> [SMTPClientAction] {
        guard case .awaitingConnection = phase else { return [] }
        phase = .greeting
        return process()
    }

    /// Bytes arrived from the relay.
    public mutating func received(_ bytes: ByteBuffer) -> [SMTPClientAction] {
        switch phase {
        case .closed:
            return []
        case .tlsHandshake:
            guard bytes.readableBytes > 0 else { return [] }
            return fail(.protocolError("data received before the TLS handshake"))
        case .awaitingConnection, .greeting, .ehlo, .helo, .startTLS, .auth, .ready, .reset, .transaction, .quit:
            parser.append(bytes)
            return process()
        }
    }

    /// The TLS handshake after `.startTLS` succeeded: everything learnt before it is forgotten and EHLO is sent again.
    public mutating func tlsEstablished() -> [SMTPClientAction] {
        guard case .tlsHandshake = phase else { return [] }
        tlsActive = true
        capabilities = SMTPServerCapabilities()
        return sendEHLO()
    }

    /// The TLS handshake after `.startTLS` failed.
    public mutating func tlsFailed() -> [SMTPClientAction] {
        guard case .tlsHandshake = phase else { return [] }
        return fail(.tlsFailed)
    }

    /// The timer armed for `stage` fired.
    public mutating func timedOut() -> [SMTPClientAction] {
        switch phase {
        case .closed: return []
        case .quit: return close()
        default: return fail(.timeout)
        }
    }

    /// The connection ended (EOF or reset).
    public mutating func connectionClosed() -> [SMTPClientAction] {
        switch phase {
        case .closed:
            return []
        case .quit:
            phase = .closed(.quit)
            return []
        default:
            return fail(.connectionClosed)
        }
    }

    /// Ends the session: QUIT when idle, else close at once (a message in flight gets no outcome).
    public mutating func quit() -> [SMTPClientAction] {
        switch phase {
        case .closed, .quit:
            return []
        case .ready:
            phase = .quit
            return [.write(ByteBuffer(string: "QUIT\r\n"))]
        default:
            return close()
        }
    }

    // MARK: Processing

    /// Handles complete replies until input runs out or the session waits for something else.
    private mutating func process() -> [SMTPClientAction] {
        var actions: [SMTPClientAction] = []
        while acceptsReplies {
            let reply: SMTPClientReply?
            do {
                reply = try parser.next()
            } catch {
                return actions + fail(.protocolError(error.description))
            }
            guard let reply else { break }
            actions += handle(reply)
        }
        return actions
    }

    private var acceptsReplies: Bool {
        switch phase {
        case .awaitingConnection, .tlsHandshake, .closed: return false
        default: return true
        }
    }

    private mutating func handle(_ reply: SMTPClientReply) -> [SMTPClientAction] {
        if case .quit = phase { return close() }
        if reply.code == 421 { return fail(.reply(reply)) }
        switch phase {
        case .greeting: return greetingReply(reply)
        case .ehlo: return ehloReply(reply)
        case .helo: return heloReply(reply)
        case .startTLS: return startTLSReply(reply)
        case .auth(let step): return authReply(reply, step: step)
        case .reset(let transaction): return resetReply(reply, transaction: transaction)
        case .transaction(let transaction): return transactionReply(reply, transaction: transaction)
        case .ready: return fail(.protocolError("unexpected reply \(reply.code) while idle"))
        case .awaitingConnection, .tlsHandshake, .quit, .closed: return []
        }
    }

    // MARK: Ending

    /// Ends the session with a failure at the current stage.
    mutating func fail(_ kind: SMTPSessionFailure.Kind) -> [SMTPClientAction] {
        let failure = SMTPSessionFailure(stage: stage, kind: kind)
        return [.failed(failure)] + close()
    }

    /// Ends the session after a refusal while the connection is still in step: QUIT is sent first.
    mutating func failPolitely(_ kind: SMTPSessionFailure.Kind) -> [SMTPClientAction] {
        [.write(ByteBuffer(string: "QUIT\r\n"))] + fail(kind)
    }

    mutating func close() -> [SMTPClientAction] {
        phase = .closed(stage)
        parser = SMTPReplyParser(maximumLineLength: parser.maximumLineLength, maximumLines: parser.maximumLines)
        return [.close]
    }
}
