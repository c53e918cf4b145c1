import NIOCore

@testable import SteadymailSMTP

extension SMTPClientConfiguration {
    static let plain = SMTPClientConfiguration(heloName: "out.steadymail.test", tlsMode: .none)
    static let opportunistic = SMTPClientConfiguration(heloName: "out.steadymail.test")
}

extension SMTPOutboundMessage {
    static func test(
        _ content: String = "Subject: hi\r\n\r\nhello\r\n", recipients: [String] = ["bob@remote.example"]
    ) -> SMTPOutboundMessage {
        SMTPOutboundMessage(
            sender: "alice@steadymail.test", recipients: recipients, content: ByteBuffer(string: content))
    }
}

/// Renders actions as transcript lines: written bytes verbatim (CRLF included), other actions in `<...>`.
func render(_ actions: [SMTPClientAction]) -> [String] {
    actions.map { action in
        switch action {
        case .write(let bytes): return String(buffer: bytes)
        case .startTLS: return "<starttls>"
        case .ready: return "<ready>"
        case .delivered(let outcome): return "<delivered \(outcome.failedStage.map { "\($0)" } ?? "ok")>"
        case .failed(let failure): return "<failed \(failure.stage) \(failure.kind)>"
        case .close: return "<close>"
        }
    }
}

/// One outbound session driven by a test as a transcript: `server(_:)` feeds relay bytes, results are recorded.
struct SMTPClientTestSession {
    var machine: SMTPClientStateMachine
    private(set) var outcomes: [SMTPTransactionOutcome] = []
    private(set) var failures: [SMTPSessionFailure] = []
    private(set) var readyCapabilities: SMTPServerCapabilities?

    init(_ configuration: SMTPClientConfiguration = .plain) {
        machine = SMTPClientStateMachine(configuration: configuration)
    }

    mutating func record(_ actions: [SMTPClientAction]) -> [String] {
        for action in actions {
            switch action {
            case .delivered(let outcome): outcomes.append(outcome)
            case .failed(let failure): failures.append(failure)
            case .ready(let capabilities): readyCapabilities = capabilities
            case .write, .startTLS, .close: break
            }
        }
        return render(actions)
    }

    mutating func connect() -> [String] { record(machine.connected()) }
    mutating func server(_ text: String) -> [String] { record(machine.received(ByteBuffer(string: text))) }
    mutating func server(bytes: [UInt8]) -> [String] { record(machine.received(ByteBuffer(bytes: bytes))) }
    mutating func send(_ message: SMTPOutboundMessage) -> [String] { record(machine.send(message)) }
    mutating func tlsEstablished() -> [String] { record(machine.tlsEstablished()) }

    /// Connects and completes greeting and EHLO with the given extension lines.
    mutating func establish(extensions: [String] = ["PIPELINING", "SIZE 10000", "8BITMIME", "ENHANCEDSTATUSCODES"]) {
        _ = connect()
        _ = server("220 mx.remote.example ESMTP\r\n")
        _ = server(ehloReply(extensions))
    }
}

/// An EHLO reply advertising `extensions`.
func ehloReply(_ extensions: [String]) -> String {
    let lines = ["mx.remote.example"] + extensions
    return lines.enumerated().map { "250\($0.offset == lines.count - 1 ? " " : "-")\($0.element)\r\n" }.joined()
}
