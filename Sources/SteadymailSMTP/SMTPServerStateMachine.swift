import NIOCore
import SteadymailDomain

/// The server side of one SMTP session as a pure value: bytes and events in, actions out.
///
/// It exists so that every protocol decision (framing, command order, limits, relay, STARTTLS, AUTH, DATA) is
/// made in one place that has no sockets, clocks or I/O and can be tested as transcripts. The channel handler
/// feeds it bytes and events and executes the returned actions in order.
///
/// Input processing stops after an action that needs an answer (`.startTLS`, `.authenticate`, `.enqueue`) and
/// resumes when the answer is given, so replies stay in order under PIPELINING. Bytes received while a TLS
/// handshake is pending are discarded, never executed (STARTTLS injection defence).
public struct SMTPServerStateMachine: Sendable {
    enum SASLStep: Equatable, Sendable {
        case plainResponse
        case loginUsername
        case loginPassword(username: String)
    }

    enum Wait: Equatable, Sendable {
        case authentication
        case enqueue
        case tlsHandshake
    }

    enum State: Equatable, Sendable {
        case awaitingConnection
        case command
        case sasl(SASLStep)
        case data(SMTPEnvelope)
        case waiting(Wait)
        case closed
    }

    /// The longest command line (RFC 5321 4.5.3.1.4), CRLF included; AUTH lines may reach `saslLineLimit`.
    static let commandLineLimit = 512
    /// The longest AUTH command or SASL response line (RFC 4954 4), CRLF included.
    static let saslLineLimit = 12_288

    /// Who consumes the next line, and how long it may be.
    enum LineReader {
        case command
        case sasl(SASLStep)
        case body(SMTPEnvelope)

        var maximumLineLength: Int {
            switch self {
            case .command, .sasl: return SMTPServerStateMachine.saslLineLimit
            case .body: return 1_000
            }
        }
    }

    let policy: SMTPServerPolicy
    var sessionInfo: SMTPSessionInfo
    var state = State.awaitingConnection
    var session = SMTPSession()
    var receiver = SMTPDataReceiver(sizeLimit: 0)
    var intakeAvailable = true
    var shutdownPending = false
    private var inbound = ByteBuffer()
    private var framer = SMTPLineFramer(maximumLineLength: SMTPServerStateMachine.commandLineLimit)
    private var dataBytesRead = 0
    private var commandErrors = 0

    public init(policy: SMTPServerPolicy, session: SMTPSessionInfo) {
        self.policy = policy
        self.sessionInfo = session
    }

    /// Input bytes held and not yet processed (for tests and backpressure).
    public var bufferedByteCount: Int { inbound.readableBytes }

    /// Whether the session has ended; every further event returns no actions.
    public var isClosed: Bool { state == .closed }

    // MARK: Events

    /// The connection is open: send the greeting.
    public mutating func connected() -> [SMTPServerAction] {
        guard state == .awaitingConnection else { return [] }
        state = .command
        return [.send(.greeting(policy.hostname))] + drive()
    }

    /// Bytes arrived from the client.
    public mutating func received(_ bytes: ByteBuffer) -> [SMTPServerAction] {
        switch state {
        case .closed, .waiting(.tlsHandshake):
            return []
        case .awaitingConnection, .command, .sasl, .data, .waiting(.authentication), .waiting(.enqueue):
            var bytes = bytes
            inbound.writeBuffer(&bytes)
            return drive()
        }
    }

    /// The TLS handshake after STARTTLS succeeded: every earlier byte and all session state are forgotten.
    public mutating func tlsEstablished() -> [SMTPServerAction] {
        guard state == .waiting(.tlsHandshake) else { return [] }
        inbound.clear()
        sessionInfo.tlsActive = true
        session = SMTPSession()
        state = .command
        return drive()
    }

    /// The TLS handshake after STARTTLS failed: the connection cannot continue.
    public mutating func tlsFailed() -> [SMTPServerAction] {
        guard state == .waiting(.tlsHandshake) else { return [] }
        return closeNow()
    }

    /// The answer to `.authenticate`.
    public mutating func authenticationFinished(_ result: SMTPAuthResult) -> [SMTPServerAction] {
        guard state == .waiting(.authentication) else { return [] }
        state = .command
        switch result {
        case .succeeded(let username):
            session.authenticatedUser = username
            return [.send(.authSucceeded)] + drive()
        case .failed:
            return countingErrors([.send(.authFailed)]) + drive()
        case .tooManyFailures:
            return closeNow(with: .tooManyAuthFailures)
        }
    }

    /// The answer to `.enqueue`.
    public mutating func enqueueFinished(_ result: SMTPEnqueueResult) -> [SMTPServerAction] {
        guard state == .waiting(.enqueue) else { return [] }
        state = .command
        switch result {
        case .queued(let id):
            return [.send(.queued(id))] + drive()
        case .insufficientStorage:
            return [.send(.insufficientStorage)] + drive()
        case .temporaryFailure(let text):
            return [.send(.temporaryFailure(text))] + drive()
        case .rejected(let text):
            return [.send(.messageRejected(text))] + drive()
        }
    }

    /// Whether the queue can take messages; when false, MAIL gets `452 4.3.1`.
    public mutating func setIntakeAvailable(_ available: Bool) {
        intakeAvailable = available
    }

    /// The client was idle too long.
    public mutating func idleTimeout() -> [SMTPServerAction] {
        guard state != .closed else { return [] }
        return closeNow(with: .idleTimeout(policy.hostname))
    }

    /// The server is shutting down: close now if no transaction is open, else after it ends (its reply first).
    public mutating func shutdownRequested() -> [SMTPServerAction] {
        shutdownPending = true
        return drive()
    }

    /// The connection is gone: release buffers.
    public mutating func connectionClosed() {
        _ = closeNow()
    }

    // MARK: Processing

    private var lineReader: LineReader? {
        switch state {
        case .awaitingConnection, .waiting, .closed: return nil
        case .command: return .command
        case .sasl(let step): return .sasl(step)
        case .data(let envelope): return .body(envelope)
        }
    }

    /// Processes buffered lines until input runs out or an answer is needed.
    private mutating func drive() -> [SMTPServerAction] {
        var actions: [SMTPServerAction] = []
        while !closeIfDrained(&actions), let reader = lineReader {
            framer.maximumLineLength = reader.maximumLineLength
            let before = inbound.readableBytes
            let item = framer.nextLine(from: &inbound)
            if case .body = reader {
                dataBytesRead += before - inbound.readableBytes
                if dataBytesRead > policy.inputLimit { return actions + closeNow(with: .tooMuchInput) }
            }
            guard let item else { break }
            switch reader {
            case .command: actions += countingErrors(command(item))
            case .sasl(let step): actions += countingErrors(saslResponse(item, step: step))
            case .body(let envelope): actions += bodyLine(item, envelope: envelope)
            }
        }
        if state != .closed && inbound.readableBytes > policy.inputLimit {
            return actions + closeNow(with: .tooMuchInput)
        }
        if inbound.readableBytes == 0 {
            inbound.clear()
        } else if inbound.readerIndex > 65_536 {
            inbound.discardReadBytes()
        }
        return actions
    }

    /// During shutdown, ends the session as soon as no transaction is open and no answer is awaited.
    private mutating func closeIfDrained(_ actions: inout [SMTPServerAction]) -> Bool {
        guard shutdownPending, session.envelope == nil else { return state == .closed }
        switch state {
        case .command, .sasl:
            actions += closeNow(with: .shuttingDown(policy.hostname))
            return true
        case .closed:
            return true
        case .awaitingConnection, .data, .waiting:
            return false
        }
    }

    /// Counts 5xx replies; at the limit the session ends with `421 4.7.0 Too many errors`.
    private mutating func countingErrors(_ actions: [SMTPServerAction]) -> [SMTPServerAction] {
        for case .send(let reply) in actions where reply.isPermanentError {
            commandErrors += 1
        }
        guard commandErrors >= policy.maxCommandErrors, state != .closed else { return actions }
        return actions + closeNow(with: .tooManyErrors)
    }

    /// Ends the session, optionally with a last reply, and frees every buffer.
    mutating func closeNow(with reply: SMTPReply? = nil) -> [SMTPServerAction] {
        state = .closed
        inbound = ByteBuffer()
        receiver = SMTPDataReceiver(sizeLimit: 0)
        session.envelope = nil
        return (reply.map { [SMTPServerAction.send($0)] } ?? []) + [.close]
    }

    /// Enters DATA: the envelope moves into the state so that nothing else can change it.
    mutating func beginData(_ envelope: SMTPEnvelope) {
        session.envelope = nil
        receiver = SMTPDataReceiver(sizeLimit: policy.maxMessageSize)
        dataBytesRead = 0
        state = .data(envelope)
    }

    /// After STARTTLS: nothing received so far may be executed.
    mutating func awaitTLSHandshake() {
        inbound.clear()
        state = .waiting(.tlsHandshake)
    }
}
