import NIOCore

/// Session set-up: greeting, EHLO (HELO fallback), STARTTLS and AUTH, until `.ready`.
extension SMTPClientStateMachine {
    func command(_ text: String) -> SMTPClientAction {
        .write(ByteBuffer(string: text + "\r\n"))
    }

    mutating func greetingReply(_ reply: SMTPClientReply) -> [SMTPClientAction] {
        guard reply.isPositive else { return refusal(reply) }
        return sendEHLO()
    }

    mutating func sendEHLO() -> [SMTPClientAction] {
        phase = .ehlo
        return [command("EHLO \(configuration.heloName)")]
    }

    mutating func ehloReply(_ reply: SMTPClientReply) -> [SMTPClientAction] {
        if reply.isPermanent {
            phase = .helo
            return [command("HELO \(configuration.heloName)")]
        }
        guard reply.isPositive else { return refusal(reply) }
        capabilities = SMTPServerCapabilities(ehloReply: reply)
        return afterGreetingExchange()
    }

    mutating func heloReply(_ reply: SMTPClientReply) -> [SMTPClientAction] {
        guard reply.isPositive else { return refusal(reply) }
        capabilities = SMTPServerCapabilities()
        return afterGreetingExchange()
    }

    /// After EHLO/HELO: STARTTLS when the TLS mode asks for it, else AUTH or ready.
    private mutating func afterGreetingExchange() -> [SMTPClientAction] {
        guard !tlsActive else { return authenticate() }
        switch configuration.tlsMode {
        case .required, .implicit:
            guard capabilities.startTLS else { return failPolitely(.tlsRequiredButNotOffered) }
        case .opportunistic:
            guard capabilities.startTLS else { return authenticate() }
        case .none:
            return authenticate()
        }
        phase = .startTLS
        return [command("STARTTLS")]
    }

    mutating func startTLSReply(_ reply: SMTPClientReply) -> [SMTPClientAction] {
        guard reply.isPositive else {
            guard configuration.tlsMode == .opportunistic else { return refusal(reply) }
            return authenticate()
        }
        guard parser.bufferedByteCount == 0 else {
            return fail(.protocolError("data received after the reply to STARTTLS"))
        }
        phase = .tlsHandshake
        return [.startTLS]
    }

    /// AUTH when credentials are configured (PLAIN preferred, never in plaintext unless TLS mode is `.none`).
    private mutating func authenticate() -> [SMTPClientAction] {
        guard let credentials = configuration.credentials else { return becomeReady() }
        phase = .auth(.result)
        guard tlsActive || configuration.tlsMode == .none else { return failPolitely(.tlsRequiredButNotOffered) }
        if capabilities.authMechanisms.contains("PLAIN") {
            return [command("AUTH PLAIN \(SASL.plainResponse(credentials))")]
        }
        guard capabilities.authMechanisms.contains("LOGIN") else { return failPolitely(.authenticationNotOffered) }
        phase = .auth(.loginUsername(credentials))
        return [command("AUTH LOGIN")]
    }

    mutating func authReply(_ reply: SMTPClientReply, step: AuthStep) -> [SMTPClientAction] {
        switch (step, reply.code) {
        case (.loginUsername(let credentials), 334):
            phase = .auth(.loginPassword(credentials))
            return [command(SASL.encodeBase64(Array(credentials.username.utf8)))]
        case (.loginPassword(let credentials), 334):
            phase = .auth(.result)
            return [command(SASL.encodeBase64(Array(credentials.password.utf8)))]
        default:
            guard reply.isPositive else {
                return reply.isIntermediate ? fail(.protocolError("unexpected AUTH challenge")) : refusal(reply)
            }
            return becomeReady()
        }
    }

    private mutating func becomeReady() -> [SMTPClientAction] {
        phase = .ready
        return [.ready(capabilities)]
    }

    /// A reply that refuses the session: 4xx/5xx end it politely, anything else is a protocol error.
    mutating func refusal(_ reply: SMTPClientReply) -> [SMTPClientAction] {
        guard reply.isTransient || reply.isPermanent else {
            return fail(.protocolError("unexpected reply \(reply.code)"))
        }
        return failPolitely(.reply(reply))
    }
}
