import NIOCore
import SteadymailDomain
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPDataTests {
    @Test func dataNeedsMailAndRecipients() {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        #expect(smtp.send("DATA\r\n") == ["503 5.5.1 Error: need MAIL command"])
        _ = smtp.send("MAIL FROM:<a@b.example>\r\nRCPT TO:<x@remote.example>\r\n")
        #expect(smtp.send("DATA\r\n") == ["554 5.5.1 No valid recipients"])
        _ = smtp.send("RCPT TO:<x@local.example>\r\n")
        #expect(smtp.send("DATA now\r\n") == ["501 5.5.4 Syntax error in parameters or arguments"])
        #expect(smtp.send("DATA\r\n") == ["354 End data with <CR><LF>.<CR><LF>"])
    }

    @Test func acceptedMessageCarriesEverything() throws {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        #expect(
            smtp.send("DATA\r\nSubject: hi\r\n\r\nbody\r\n.\r\n") == [
                "354 End data with <CR><LF>.<CR><LF>", "<enqueue 1 rcpt>",
            ])
        #expect(smtp.finishEnqueue(.queued(id: "01HZX")) == ["250 2.0.0 Ok: queued as 01HZX"])
        let transaction = try #require(smtp.transactions.first)
        #expect(
            transaction
                == SMTPTransaction(
                    reversePath: .mailbox(try Mailbox(parsing: "sender@remote.example")),
                    recipients: [try Mailbox(parsing: "user@local.example")],
                    body: ByteBuffer(string: "Subject: hi\r\n\r\nbody\r\n"),
                    heloName: "client.example", authenticatedUser: nil, tlsActive: false,
                    protocolName: "ESMTP",
                    smtputf8: false, bodyType: .sevenBit, declaredSize: nil, clientAddress: "198.51.100.7"))
    }

    @Test func transactionResetsAfterwardsButGreetingIsKept() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.send("DATA\r\nx\r\n.\r\n")
        _ = smtp.finishEnqueue()
        #expect(smtp.send("RCPT TO:<user@local.example>\r\n") == ["503 5.5.1 Error: need MAIL command"])
        #expect(smtp.send("MAIL FROM:<a@b.example>\r\n") == ["250 2.1.0 Ok"])
    }

    @Test func enqueueFailuresAreTemporary() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.send("DATA\r\nx\r\n.\r\n")
        #expect(smtp.finishEnqueue(.insufficientStorage) == ["452 4.3.1 Insufficient system storage"])
        smtp.openTransaction()
        _ = smtp.send("DATA\r\nx\r\n.\r\n")
        #expect(
            smtp.finishEnqueue(.temporaryFailure("fsync\r\n250 failed")) == [
                "451 4.3.0 fsync  250 failed"
            ])
        smtp.openTransaction()
        _ = smtp.send("DATA\r\nx\r\n.\r\n")
        #expect(smtp.finishEnqueue(.temporaryFailure("")) == ["451 4.3.0 Temporary failure"])
    }

    @Test func rejectedMessagesGetAPermanentReplyAndTheSessionGoesOn() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.send("DATA\r\nx\r\n.\r\n")
        #expect(smtp.finishEnqueue(.rejected("bad header\r\nx")) == ["554 5.6.0 bad header  x"])
        #expect(smtp.send("MAIL FROM:<a@b.example>\r\n") == ["250 2.1.0 Ok"])
    }

    @Test func dotStuffingIsUndoneByteExact() throws {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.send("DATA\r\n..\r\n.x\r\n...\r\nx.\r\n..\r\n. \r\n\r\n.\r\n")
        let body = try #require(smtp.transactions.first).body
        #expect(body == ByteBuffer(string: ".\r\nx\r\n..\r\nx.\r\n.\r\n \r\n\r\n"))
    }

    @Test func heloSessionsAreRecordedAsSMTP() {
        var smtp = SMTPTestSession()
        _ = smtp.send(
            "HELO client.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@local.example>\r\nDATA\r\n.\r\n"
        )
        #expect(smtp.transactions.first?.protocolName == "SMTP")
        #expect(smtp.transactions.first?.heloName == "client.example")
    }

    @Test func emptyMessage() throws {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.send("DATA\r\n.\r\n")
        #expect(try #require(smtp.transactions.first).body.readableBytes == 0)
    }

    @Test func eightBitBodiesAreKept() throws {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.send(
            bytes: Array("DATA\r\n".utf8) + [0xC3, 0xA9, 0xFF, 0x00, 0x0D, 0x0A] + Array(".\r\n".utf8))
        #expect(
            try #require(smtp.transactions.first).body
                == ByteBuffer(bytes: [0xC3, 0xA9, 0xFF, 0x00, 0x0D, 0x0A]))
    }

    @Test(arguments: ["\n.\r\n", "\r.\r\n", "\n.\n", "\r\n.\n", "\r\n.\r", "\n.\r", "\r\n.\n\r\n"])
    func smugglingProducesOneRefusalAndNoSecondTransaction(fakeEnd: String) {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        let attack =
            "DATA\r\nSubject: first\r\n\r\nhello" + fakeEnd
            + "MAIL FROM:<evil@remote.example>\r\nRCPT TO:<victim@local.example>\r\nDATA\r\nsmuggled\r\n.\r\n"
        #expect(
            smtp.send(attack) == [
                "354 End data with <CR><LF>.<CR><LF>", "550 5.6.11 Bare CR or LF not allowed",
            ])
        #expect(smtp.transactions.isEmpty)
        #expect(smtp.send("NOOP\r\n") == ["250 2.0.0 Ok"])
    }

    @Test func refusalComesOnlyAtTheRealEnd() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        #expect(smtp.send("DATA\r\nbad\nline\r\n") == ["354 End data with <CR><LF>.<CR><LF>"])
        #expect(smtp.send("QUIT\r\nMAIL FROM:<a@b.example>\r\n") == [])
        #expect(smtp.send(".\r\n") == ["550 5.6.11 Bare CR or LF not allowed"])
    }

    /// Every mix of CR, LF, dot and text around a line start behaves like a reference that splits on CRLF only.
    @Test func everyMixOfCRLFAndDotMatchesTheReference() {
        let tokens = ["\r", "\n", ".", "\r\n", "x"]
        var mixes: [String] = [""]
        for _ in 0..<4 { mixes = mixes + mixes.flatMap { prefix in tokens.map { prefix + $0 } } }
        for mix in Set(mixes) {
            var smtp = SMTPTestSession()
            smtp.openTransaction()
            let afterData = "a" + mix + "\r\n.\r\nNOOP\r\n"
            let replies = smtp.send("DATA\r\n" + afterData)
            let expected = referenceOutcome(afterData)
            #expect(
                smtp.transactions.map { String(buffer: $0.body) } == expected.bodies,
                "mix \(Array(mix.utf8))")
            #expect(
                replies.filter { $0.hasPrefix("550") }.count == expected.refusals, "mix \(Array(mix.utf8))")
            #expect(replies.last == (expected.bodies.isEmpty ? "250 2.0.0 Ok" : "<enqueue 1 rcpt>"))
        }
    }

    /// A deliberately naive oracle: cut at CRLF, the first line equal to "." ends the body.
    private func referenceOutcome(_ text: String) -> (bodies: [String], refusals: Int) {
        let bytes = Array(text.utf8)
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13 && index + 1 < bytes.count && bytes[index + 1] == 10 {
                lines.append(current)
                current = []
                index += 2
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        guard let end = lines.firstIndex(of: [UInt8(ascii: ".")]) else { return ([], 0) }
        let bodyLines = lines[..<end]
        if bodyLines.contains(where: { $0.contains(13) || $0.contains(10) }) { return ([], 1) }
        let body = bodyLines.map {
            ($0.first == UInt8(ascii: ".") ? Array($0.dropFirst()) : $0) + [13, 10]
        }
        return ([String(decoding: body.joined(), as: UTF8.self)], 0)
    }

    @Test func textLinesAreLimitedTo1000Octets() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        let longest = String(repeating: "a", count: 998) + "\r\n"
        _ = smtp.send("DATA\r\n" + longest + ".\r\n")
        #expect(smtp.transactions.count == 1)
        _ = smtp.finishEnqueue()
        smtp.openTransaction()
        #expect(
            smtp.send("DATA\r\n" + String(repeating: "a", count: 999) + "\r\nmore\r\n") == [
                "354 End data with <CR><LF>.<CR><LF>"
            ])
        #expect(smtp.send(".\r\n") == ["500 5.5.2 Line too long"])
        #expect(smtp.transactions.count == 1)
    }

    @Test func undeclaredOversizeIsRefusedAtTheEnd() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        let line = String(repeating: "b", count: 998) + "\r\n"
        #expect(
            smtp.send("DATA\r\n" + String(repeating: line, count: 12)) == [
                "354 End data with <CR><LF>.<CR><LF>"
            ])
        #expect(smtp.send(".\r\n") == ["552 5.3.4 Message size exceeds fixed limit"])
        #expect(smtp.transactions.isEmpty)
    }

    @Test func messageOfExactlyTheLimitIsAccepted() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        let line = String(repeating: "c", count: 998) + "\r\n"
        _ = smtp.send("DATA\r\n" + String(repeating: line, count: 10) + ".\r\n")
        #expect(smtp.transactions.first?.body.readableBytes == 10_000)
    }

    @Test func endlessDataIsCutOff() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.send("DATA\r\n")
        var replies: [String] = []
        let chunk = String(repeating: "z", count: 1 << 20)
        for _ in 0..<11 where !smtp.machine.isClosed {
            replies += smtp.send(chunk)
        }
        #expect(replies == ["421 4.7.0 Too much input without progress", "<close>"])
        #expect(smtp.transactions.isEmpty)
    }

    @Test func pipelinedTransactionInOneWrite() {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        #expect(
            smtp.send(
                "MAIL FROM:<a@b.example>\r\nRCPT TO:<u@local.example>\r\nDATA\r\nhi\r\n.\r\nMAIL FROM:<>\r\nQUIT\r\n"
            )
                == [
                    "250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>", "<enqueue 1 rcpt>",
                ])
        #expect(
            smtp.finishEnqueue() == [
                "250 2.0.0 Ok: queued as Q1", "250 2.1.0 Ok", "221 2.0.0 mx.steadymail.test Bye", "<close>",
            ])
    }
}
