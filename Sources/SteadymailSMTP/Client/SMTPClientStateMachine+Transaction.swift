import NIOCore

/// Mail transactions: MAIL, RCPT, DATA and the body, pipelined or in lockstep, and RSET before reuse.
extension SMTPClientStateMachine {
    /// Offers a message; valid only after `.ready` or `.delivered`. Ends with `.delivered` (or `.failed`).
    public mutating func send(_ message: SMTPOutboundMessage) -> [SMTPClientAction] {
        guard case .ready = phase else {
            return isClosed ? [] : fail(.protocolError("send(_:) called while the session is not ready"))
        }
        switch SMTPClientTransaction.prepare(message, for: capabilities) {
        case .failure(let refusal):
            var outcome = SMTPTransactionOutcome(recipientCount: message.recipients.count)
            outcome.localRefusal = refusal
            outcome.recipientReplies = outcome.recipientReplies.map { _ in refusal.reply }
            outcome.failedStage = .mail
            return [.delivered(outcome)]
        case .success(let transaction):
            guard needsReset else { return start(transaction) }
            phase = .reset(transaction)
            return [command("RSET")]
        }
    }

    mutating func resetReply(_ reply: SMTPClientReply, transaction: SMTPClientTransaction) -> [SMTPClientAction] {
        guard reply.isPositive else { return refusal(reply) }
        needsReset = false
        return start(transaction)
    }

    private mutating func start(_ transaction: SMTPClientTransaction) -> [SMTPClientAction] {
        var transaction = transaction
        let bytes = transaction.takeCommands(pipelining: capabilities.pipelining)
        phase = .transaction(transaction)
        return [.write(bytes)]
    }

    mutating func transactionReply(_ reply: SMTPClientReply, transaction: SMTPClientTransaction)
        -> [SMTPClientAction]
    {
        var transaction = transaction
        guard let step = transaction.awaiting.first else { return fail(.protocolError("unexpected reply")) }
        let expected =
            step == .data ? reply.code == 354 || reply.isTransient || reply.isPermanent : !reply.isIntermediate
        guard expected else { return fail(.protocolError("unexpected reply \(reply.code) to \(step)")) }
        transaction.awaiting.removeFirst()
        var actions: [SMTPClientAction] = []
        switch step {
        case .mail:
            transaction.outcome.mailReply = reply
        case .rcpt(let index):
            transaction.outcome.recipientReplies[index] = reply
        case .data:
            transaction.outcome.dataCommandReply = reply
            if reply.code == 354 {
                let body = transaction.canSendBody ? transaction.body : ByteBuffer(string: ".\r\n")
                transaction.awaiting = [.dataEnd]
                actions.append(.write(body))
            }
        case .dataEnd:
            transaction.outcome.dataReply = reply
        }
        return actions + advance(transaction)
    }

    /// Writes the next lockstep command, waits for more replies, or ends the transaction.
    private mutating func advance(_ transaction: SMTPClientTransaction) -> [SMTPClientAction] {
        var transaction = transaction
        if transaction.awaiting.isEmpty {
            let mailRefused = transaction.outcome.mailReply?.isPositive != true
            let noRecipient = transaction.unsent.first?.step == .data && !transaction.canSendBody
            if transaction.unsent.isEmpty || mailRefused || noRecipient { return finish(transaction) }
            let bytes = transaction.takeCommands(pipelining: false)
            phase = .transaction(transaction)
            return [.write(bytes)]
        }
        phase = .transaction(transaction)
        return []
    }

    private mutating func finish(_ transaction: SMTPClientTransaction) -> [SMTPClientAction] {
        var transaction = transaction
        transaction.conclude()
        needsReset = transaction.outcome.failedStage.map { $0 != .dataEnd } ?? false
        phase = .ready
        return [.delivered(transaction.outcome)]
    }
}
