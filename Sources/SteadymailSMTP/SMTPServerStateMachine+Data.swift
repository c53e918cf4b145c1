import NIOCore

extension SMTPServerStateMachine {
    /// One line of a DATA body. Only a line that is exactly `.` (ended by a real CRLF) ends the body.
    mutating func bodyLine(_ item: SMTPInboundLine, envelope: SMTPEnvelope) -> [SMTPServerAction] {
        switch item {
        case .overlong:
            receiver.appendOverlongLine()
            return []
        case .line(let content, let bare):
            if !bare && content.readableBytesView.elementsEqual([UInt8(ascii: ".")]) {
                return endOfData(envelope)
            }
            receiver.append(line: content, containsBareCROrLF: bare)
            return []
        }
    }

    /// The real end of data: refuse the whole message, or hand it over for storage.
    private mutating func endOfData(_ envelope: SMTPEnvelope) -> [SMTPServerAction] {
        let finished = receiver
        receiver = SMTPDataReceiver(sizeLimit: 0)
        if let refusal = finished.refusal {
            state = .command
            return [.send(refusal)]
        }
        state = .waiting(.enqueue)
        let transaction = SMTPTransaction(
            reversePath: envelope.reversePath,
            recipients: envelope.recipients,
            body: finished.body,
            heloName: envelope.greeting.name,
            authenticatedUser: session.authenticatedUser,
            tlsActive: sessionInfo.tlsActive,
            protocolName: protocolName(envelope.greeting),
            smtputf8: envelope.parameters.smtputf8,
            bodyType: envelope.parameters.bodyType,
            declaredSize: envelope.parameters.declaredSize,
            clientAddress: sessionInfo.clientAddress
        )
        return [.enqueue(transaction)]
    }

    /// RFC 3848: `SMTP` after HELO; `ESMTP` plus `S` (TLS) and `A` (authenticated) after EHLO.
    private func protocolName(_ greeting: SMTPSession.Greeting) -> String {
        switch greeting {
        case .helo:
            return "SMTP"
        case .ehlo:
            return "ESMTP" + (sessionInfo.tlsActive ? "S" : "")
                + (session.authenticatedUser != nil ? "A" : "")
        }
    }
}
