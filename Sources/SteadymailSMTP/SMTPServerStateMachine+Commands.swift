import NIOCore
import SteadymailDomain

extension SMTPServerStateMachine {
    /// One command line in command mode. Lines are read up to the SASL limit so that AUTH can carry a long
    /// initial response; every other command is refused beyond 512 octets.
    mutating func command(_ item: SMTPInboundLine) -> [SMTPServerAction] {
        switch item {
        case .overlong:
            return [.send(.commandLineTooLong)]
        case .line(let content, let bare):
            guard !bare, !content.readableBytesView.contains(0),
                let text = String(validating: content.readableBytesView, as: UTF8.self)
            else { return [.send(.badCharacters)] }
            let line = SMTPCommandLine(text[...])
            guard content.readableBytes + 2 <= Self.commandLineLimit || line.verb == "AUTH" else {
                return [.send(.commandLineTooLong)]
            }
            switch line.verb {
            case "EHLO": return hello(line.argument, extended: true)
            case "HELO": return hello(line.argument, extended: false)
            case "MAIL": return mail(line.argument)
            case "RCPT": return rcpt(line.argument)
            case "DATA": return data(line.argument)
            case "RSET": return reset(line.argument)
            case "NOOP": return [.send(.ok)]
            case "QUIT": return closeNow(with: .closing(policy.hostname))
            case "VRFY": return [.send(.cannotVerify)]
            case "EXPN": return [.send(.notImplemented)]
            case "HELP": return [.send(.help)]
            case "STARTTLS": return startTLS(line.argument)
            case "AUTH": return auth(line.argument)
            default: return [.send(.unknownCommand)]
            }
        }
    }

    /// Whether AUTH is advertised and allowed: users exist and the channel is encrypted or the client trusted.
    var authOffered: Bool {
        policy.authAvailable && (sessionInfo.tlsActive || sessionInfo.clientIsTrusted)
    }

    private mutating func hello(_ argument: String, extended: Bool) -> [SMTPServerAction] {
        guard Self.isAcceptableGreetingName(argument) else { return [.send(.badArgument)] }
        session.greeting = extended ? .ehlo(argument) : .helo(argument)
        session.envelope = nil
        guard extended else { return [.send(SMTPReply(250, nil, policy.hostname))] }
        var lines = [
            policy.hostname, "PIPELINING", "SIZE \(policy.maxMessageSize)", "8BITMIME",
            "ENHANCEDSTATUSCODES",
            "SMTPUTF8",
        ]
        if policy.startTLSAvailable && !sessionInfo.tlsActive { lines.append("STARTTLS") }
        if authOffered { lines.append("AUTH PLAIN LOGIN") }
        lines.append("HELP")
        return [.send(SMTPReply(code: 250, enhancedStatusCode: nil, lines: lines))]
    }

    /// One token of printable ASCII, at most 255 octets. RFC 5321 asks for a domain or address literal, but real
    /// clients send host names like `my_pc`; the name is only recorded in `Received:`, so it is taken as given.
    static func isAcceptableGreetingName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && name.utf8.allSatisfy { (33...126).contains($0) }
    }

    private mutating func mail(_ argument: String) -> [SMTPServerAction] {
        guard let greeting = session.greeting else { return [.send(.needGreeting)] }
        guard session.envelope == nil else { return [.send(.nestedMail)] }
        guard let path = SMTPPathArgument(argument, keyword: "FROM:") else {
            return [.send(.mailSyntax)]
        }
        if case .helo = greeting, !path.parameters.isEmpty { return [.send(.unknownParameter)] }
        let parameters: SMTPMailParameters
        do throws(SMTPMailParameters.Failure) {
            parameters = try SMTPMailParameters(path.parameters)
        } catch {
            switch error {
            case .unknown: return [.send(.unknownParameter)]
            case .invalidValue: return [.send(.badArgument)]
            }
        }
        if let size = parameters.declaredSize, size > policy.maxMessageSize {
            return [.send(.messageTooBig)]
        }
        let reversePath: ReversePath
        do throws(AddressError) {
            reversePath = try ReversePath.parse(path: path.path, allowUTF8: parameters.smtputf8)
        } catch {
            return [.send(error == .nonASCIIRequiresSMTPUTF8 ? .nonASCIIAddress : .badSender)]
        }
        guard intakeAvailable else { return [.send(.insufficientStorage)] }
        session.envelope = SMTPEnvelope(
            reversePath: reversePath, greeting: greeting, parameters: parameters)
        return [.send(.senderOk)]
    }

    private mutating func rcpt(_ argument: String) -> [SMTPServerAction] {
        guard let envelope = session.envelope else { return [.send(.needMail)] }
        guard let path = SMTPPathArgument(argument, keyword: "TO:") else { return [.send(.rcptSyntax)] }
        guard path.parameters.isEmpty else { return [.send(.unknownParameter)] }
        let mailbox: Mailbox
        do throws(AddressError) {
            mailbox = try Mailbox.parse(path: path.path, allowUTF8: envelope.parameters.smtputf8)
        } catch {
            return [.send(error == .nonASCIIRequiresSMTPUTF8 ? .nonASCIIAddress : .badRecipient)]
        }
        guard envelope.recipients.count < policy.maxRecipients else {
            return [.send(.tooManyRecipients)]
        }
        guard mayRelay || isLocal(mailbox) else { return [.send(.relayDenied)] }
        if !envelope.recipients.contains(mailbox) { session.envelope?.recipients.append(mailbox) }
        return [.send(.recipientOk)]
    }

    /// Trusted networks and authenticated users may send to any domain.
    private var mayRelay: Bool { sessionInfo.clientIsTrusted || session.authenticatedUser != nil }

    /// A recipient is local when its domain (never an address literal) is one of ours.
    private func isLocal(_ mailbox: Mailbox) -> Bool {
        !mailbox.isAddressLiteral && policy.localDomains.contains(mailbox.normalizedDomain)
    }

    private mutating func data(_ argument: String) -> [SMTPServerAction] {
        guard let envelope = session.envelope else { return [.send(.needMail)] }
        guard !envelope.recipients.isEmpty else { return [.send(.noValidRecipients)] }
        guard argument.isEmpty else { return [.send(.badArgument)] }
        beginData(envelope)
        return [.send(.startMailInput)]
    }

    private mutating func reset(_ argument: String) -> [SMTPServerAction] {
        guard argument.isEmpty else { return [.send(.badArgument)] }
        session.envelope = nil
        return [.send(.ok)]
    }

    private mutating func startTLS(_ argument: String) -> [SMTPServerAction] {
        guard policy.startTLSAvailable, !sessionInfo.tlsActive else { return [.send(.tlsNotAvailable)] }
        guard argument.isEmpty else { return [.send(.badArgument)] }
        awaitTLSHandshake()
        return [.send(.readyToStartTLS), .startTLS]
    }
}
