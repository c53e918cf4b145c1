import NIOCore
import SteadymailDomain

@testable import SteadymailSMTP

extension SMTPServerPolicy {
    static let test = SMTPServerPolicy(
        hostname: "mx.steadymail.test", maxMessageSize: 10_000, maxRecipients: 3,
        localDomains: ["local.example"],
        startTLSAvailable: true, authAvailable: true, maxCommandErrors: 20)

    func with(_ change: (inout SMTPServerPolicy) -> Void) -> SMTPServerPolicy {
        var copy = self
        change(&copy)
        return copy
    }
}

extension SMTPSessionInfo {
    static let untrusted = SMTPSessionInfo(
        clientAddress: "198.51.100.7", clientIsTrusted: false, tlsActive: false)
    static let trusted = SMTPSessionInfo(
        clientAddress: "10.0.0.5", clientIsTrusted: true, tlsActive: false)
    static let implicitTLS = SMTPSessionInfo(
        clientAddress: "198.51.100.7", clientIsTrusted: false, tlsActive: true)
}

/// Renders actions as transcript lines: replies in wire form (without the last CRLF), other actions in `<...>`.
func render(_ actions: [SMTPServerAction]) -> [String] {
    actions.map { action in
        switch action {
        case .send(let reply): return reply.description
        case .startTLS: return "<starttls>"
        case .authenticate(let username, let password): return "<authenticate \(username) \(password)>"
        case .enqueue(let transaction): return "<enqueue \(transaction.recipients.count) rcpt>"
        case .close: return "<close>"
        }
    }
}

func base64(_ text: String) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    let bytes = Array(text.utf8)
    var output = ""
    for start in stride(from: 0, to: bytes.count, by: 3) {
        let chunk = Array(bytes[start..<min(start + 3, bytes.count)])
        let value = chunk.enumerated().reduce(UInt32(0)) {
            $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset))
        }
        for index in 0..<4 {
            output.append(
                index <= chunk.count ? alphabet[Int(value >> (18 - 6 * UInt32(index)) & 63)] : "=")
        }
    }
    return output
}

/// One SMTP session driven by a test, reading like a transcript.
struct SMTPTestSession {
    var machine: SMTPServerStateMachine
    let greeting: [String]
    private(set) var transactions: [SMTPTransaction] = []

    init(policy: SMTPServerPolicy = .test, info: SMTPSessionInfo = .untrusted) {
        machine = SMTPServerStateMachine(policy: policy, session: info)
        greeting = render(machine.connected())
    }

    mutating func send(_ text: String) -> [String] {
        record(machine.received(ByteBuffer(string: text)))
    }

    mutating func send(bytes: [UInt8]) -> [String] {
        record(machine.received(ByteBuffer(bytes: bytes)))
    }

    mutating func record(_ actions: [SMTPServerAction]) -> [String] {
        for case .enqueue(let transaction) in actions { transactions.append(transaction) }
        return render(actions)
    }

    /// Sends EHLO and checks that it succeeded.
    mutating func ehlo() {
        _ = send("EHLO client.example\r\n")
    }

    /// EHLO, MAIL and one local recipient, ready for DATA.
    mutating func openTransaction(from sender: String = "<sender@remote.example>") {
        ehlo()
        _ = send("MAIL FROM:\(sender)\r\nRCPT TO:<user@local.example>\r\n")
    }

    mutating func finishEnqueue(_ result: SMTPEnqueueResult = .queued(id: "Q1")) -> [String] {
        record(machine.enqueueFinished(result))
    }

    mutating func finishAuthentication(_ result: SMTPAuthResult) -> [String] {
        record(machine.authenticationFinished(result))
    }
}

/// A small deterministic generator so that randomised tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Feeds input in the given chunk sizes and answers every request like a well-behaved handler would:
/// enqueue succeeds, AUTH succeeds for password `secret`, TLS handshakes succeed.
struct SMTPAutoDriver {
    var machine: SMTPServerStateMachine
    var transcript: [String] = []
    var transactions: [SMTPTransaction] = []
    var maximumBuffered = 0

    init(policy: SMTPServerPolicy = .test, info: SMTPSessionInfo = .untrusted) {
        machine = SMTPServerStateMachine(policy: policy, session: info)
        absorb(machine.connected())
    }

    mutating func feed(_ input: [UInt8], chunkSizes: some Sequence<Int>) {
        var offset = 0
        var sizes = chunkSizes.makeIterator()
        while offset < input.count {
            let size = max(1, sizes.next() ?? input.count)
            let end = min(offset + size, input.count)
            absorb(machine.received(ByteBuffer(bytes: input[offset..<end])))
            maximumBuffered = max(maximumBuffered, machine.bufferedByteCount)
            offset = end
        }
    }

    private mutating func absorb(_ actions: [SMTPServerAction]) {
        transcript += render(actions)
        for action in actions {
            switch action {
            case .send, .close:
                break
            case .startTLS:
                absorb(machine.tlsEstablished())
            case .authenticate(let username, let password):
                absorb(
                    machine.authenticationFinished(
                        password == "secret" ? .succeeded(username: username) : .failed))
            case .enqueue(let transaction):
                transactions.append(transaction)
                absorb(machine.enqueueFinished(.queued(id: "Q\(transactions.count)")))
            }
        }
    }
}
