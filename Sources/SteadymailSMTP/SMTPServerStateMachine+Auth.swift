extension SMTPServerStateMachine {
    /// `AUTH mechanism [initial-response]` (RFC 4954) with PLAIN and LOGIN.
    mutating func auth(_ argument: String) -> [SMTPServerAction] {
        guard case .ehlo? = session.greeting else { return [.send(.needEHLO)] }
        guard session.authenticatedUser == nil else { return [.send(.alreadyAuthenticated)] }
        guard session.envelope == nil else { return [.send(.authInTransaction)] }
        guard authOffered else {
            let tlsWouldHelp = policy.authAvailable && policy.startTLSAvailable && !sessionInfo.tlsActive
            return [.send(tlsWouldHelp ? .encryptionRequired : .authNotAvailable)]
        }
        let parts = argument.split(separator: " ", maxSplits: 1)
        guard let mechanism = parts.first else { return [.send(.badArgument)] }
        let initialResponse = parts.count > 1 ? parts[1] : nil
        switch mechanism.asciiUppercased {
        case "PLAIN":
            guard let initialResponse else {
                state = .sasl(.plainResponse)
                return [.send(.saslChallenge(""))]
            }
            return plainResponse(initialResponse)
        case "LOGIN":
            guard let initialResponse else {
                state = .sasl(.loginUsername)
                return [.send(.saslChallenge("VXNlcm5hbWU6"))]
            }
            return loginUsername(initialResponse)
        default:
            return [.send(.unknownMechanism)]
        }
    }

    /// A client line answering a 334 challenge.
    mutating func saslResponse(_ item: SMTPInboundLine, step: SASLStep) -> [SMTPServerAction] {
        state = .command
        switch item {
        case .overlong:
            return [.send(.commandLineTooLong)]
        case .line(let content, let bare):
            guard !bare, let text = String(validating: content.readableBytesView, as: UTF8.self) else {
                return [.send(.malformedSASL)]
            }
            if text == "*" { return [.send(.authCancelled)] }
            switch step {
            case .plainResponse: return plainResponse(text[...])
            case .loginUsername: return loginUsername(text[...])
            case .loginPassword(let username): return loginPassword(text[...], username: username)
            }
        }
    }

    private mutating func plainResponse(_ text: Substring) -> [SMTPServerAction] {
        guard let credentials = SASL.decodePlain(text) else { return [.send(.malformedSASL)] }
        state = .waiting(.authentication)
        return [.authenticate(username: credentials.username, password: credentials.password)]
    }

    private mutating func loginUsername(_ text: Substring) -> [SMTPServerAction] {
        guard let username = SASL.decodeName(text) else { return [.send(.malformedSASL)] }
        state = .sasl(.loginPassword(username: username))
        return [.send(.saslChallenge("UGFzc3dvcmQ6"))]
    }

    private mutating func loginPassword(_ text: Substring, username: String) -> [SMTPServerAction] {
        guard let password = SASL.decodeSecret(text) else { return [.send(.malformedSASL)] }
        state = .waiting(.authentication)
        return [.authenticate(username: username, password: password)]
    }
}
