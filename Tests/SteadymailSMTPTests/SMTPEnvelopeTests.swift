import NIOCore
import SteadymailDomain
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPMailCommandTests {
    @Test func mailOpensOneTransaction() {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        #expect(smtp.send("MAIL FROM:<sender@remote.example>\r\n") == ["250 2.1.0 Ok"])
        #expect(
            smtp.send("MAIL FROM:<sender@remote.example>\r\n") == ["503 5.5.1 Error: nested MAIL command"]
        )
        #expect(smtp.send("RSET\r\nMAIL FROM:<>\r\n") == ["250 2.0.0 Ok", "250 2.1.0 Ok"])
    }

    @Test(arguments: [
        "MAIL FROM:<a@b.example>", "mail from:<a@b.example>", "MAIL FROM: <a@b.example>",
        "MAIL FROM:<>",
    ])
    func acceptedSpellings(command: String) {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        #expect(smtp.send(command + "\r\n") == ["250 2.1.0 Ok"])
    }

    @Test(arguments: [
        ("MAIL TO:<a@b.example>", "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]"),
        ("MAIL FROM:a@b.example", "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]"),
        ("MAIL FROM:<a@b.example", "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]"),
        ("MAIL FROM:<a@b.example>x", "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]"),
        ("MAIL", "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]"),
        ("MAIL ſROM:<a@b.example>", "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]"),
        ("MAIL FROM:<a@b.example> ſIZE=1", "555 5.5.4 Unsupported parameter"),
        ("MAIL FROM:<a>", "501 5.1.7 Bad sender address syntax"),
        ("MAIL FROM:<a@>", "501 5.1.7 Bad sender address syntax"),
        ("MAIL FROM:<@a>", "501 5.1.7 Bad sender address syntax"),
        ("MAIL FROM:<a b@c.example>", "501 5.1.7 Bad sender address syntax"),
        ("MAIL FROM:<jöhn@b.example>", "553 5.6.7 Non-ASCII address requires SMTPUTF8"),
        ("MAIL FROM:<a@b.example> FOO=bar", "555 5.5.4 Unsupported parameter"),
        ("MAIL FROM:<a@b.example> RET=HDRS", "555 5.5.4 Unsupported parameter"),
        ("MAIL FROM:<a@b.example> SIZE=abc", "501 5.5.4 Syntax error in parameters or arguments"),
        ("MAIL FROM:<a@b.example> SIZE=", "501 5.5.4 Syntax error in parameters or arguments"),
        ("MAIL FROM:<a@b.example> SIZE=-1", "501 5.5.4 Syntax error in parameters or arguments"),
        ("MAIL FROM:<a@b.example> SIZE=10001", "552 5.3.4 Message size exceeds fixed limit"),
        (
            "MAIL FROM:<a@b.example> SIZE=99999999999999999999999",
            "552 5.3.4 Message size exceeds fixed limit"
        ),
        (
            "MAIL FROM:<a@b.example> BODY=BINARYMIME", "501 5.5.4 Syntax error in parameters or arguments"
        ),
        ("MAIL FROM:<a@b.example> SMTPUTF8=yes", "501 5.5.4 Syntax error in parameters or arguments"),
        ("MAIL FROM:<a@b.example> AUTH=", "501 5.5.4 Syntax error in parameters or arguments"),
    ])
    func refusedMailCommands(command: String, reply: String) {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        #expect(smtp.send(command + "\r\n") == [reply])
        #expect(smtp.send("RCPT TO:<user@local.example>\r\n") == ["503 5.5.1 Error: need MAIL command"])
    }

    @Test func supportedParameters() throws {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        #expect(
            smtp.send("MAIL FROM:<jöhn@exämple.com> SIZE=1000 BODY=8BITMIME SMTPUTF8 AUTH=<>\r\n") == [
                "250 2.1.0 Ok"
            ])
        #expect(
            smtp.send("RCPT TO:<jöhn@local.example>\r\nDATA\r\nhi\r\n.\r\n").last == "<enqueue 1 rcpt>")
        let transaction = try #require(smtp.transactions.first)
        #expect(transaction.smtputf8)
        #expect(transaction.bodyType == .eightBitMIME)
        #expect(transaction.declaredSize == 1000)
        #expect(transaction.reversePath == .mailbox(try Mailbox(parsing: "jöhn@exämple.com")))
    }

    @Test func parametersNeedEHLO() {
        var smtp = SMTPTestSession()
        _ = smtp.send("HELO client.example\r\n")
        #expect(smtp.send("MAIL FROM:<a@b.example> SIZE=10\r\n") == ["555 5.5.4 Unsupported parameter"])
        #expect(smtp.send("MAIL FROM:<a@b.example>\r\n") == ["250 2.1.0 Ok"])
    }

    @Test func intakeUnavailableRefusesMail() {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        smtp.machine.setIntakeAvailable(false)
        #expect(smtp.send("MAIL FROM:<a@b.example>\r\n") == ["452 4.3.1 Insufficient system storage"])
        smtp.machine.setIntakeAvailable(true)
        #expect(smtp.send("MAIL FROM:<a@b.example>\r\n") == ["250 2.1.0 Ok"])
    }

    @Test func ehloResetsTheTransaction() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        smtp.ehlo()
        #expect(smtp.send("DATA\r\n") == ["503 5.5.1 Error: need MAIL command"])
    }
}

@Suite struct SMTPRcptCommandTests {
    @Test func rcptNeedsMail() {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        #expect(smtp.send("RCPT TO:<user@local.example>\r\n") == ["503 5.5.1 Error: need MAIL command"])
    }

    @Test(arguments: [
        ("RCPT TO:<user@local.example>", "250 2.1.5 Ok"),
        ("rcpt to:<User@LOCAL.Example>", "250 2.1.5 Ok"),
        ("RCPT TO: <user@local.example>", "250 2.1.5 Ok"),
        ("RCPT TO:<user%remote.example@local.example>", "250 2.1.5 Ok"),
        ("RCPT TO:<\"a@remote.example\"@local.example>", "250 2.1.5 Ok"),
        ("RCPT TO:<@remote.example:user@local.example>", "250 2.1.5 Ok"),
        ("RCPT TO:<user@remote.example>", "554 5.7.1 Relay access denied"),
        ("RCPT TO:<@local.example:user@remote.example>", "554 5.7.1 Relay access denied"),
        ("RCPT TO:<user@local.example.remote.example>", "554 5.7.1 Relay access denied"),
        ("RCPT TO:<user@[192.0.2.1]>", "554 5.7.1 Relay access denied"),
        ("RCPT TO:<user@[IPv6:::1]>", "554 5.7.1 Relay access denied"),
        ("RCPT TO:<user@local.example> NOTIFY=NEVER", "555 5.5.4 Unsupported parameter"),
        ("RCPT TO:<>", "501 5.1.3 Bad recipient address syntax"),
        ("RCPT TO:<a>", "501 5.1.3 Bad recipient address syntax"),
        ("RCPT TO:<user@local.example>>", "501 5.5.4 Syntax: RCPT TO:<address>"),
        ("RCPT TO:<user@@local.example>", "501 5.1.3 Bad recipient address syntax"),
        ("RCPT TO:<user@local.example\r>", "500 5.5.2 Syntax error: bare CR, LF, NUL or invalid UTF-8"),
        ("RCPT TO:<jöhn@local.example>", "553 5.6.7 Non-ASCII address requires SMTPUTF8"),
        ("RCPT FROM:<user@local.example>", "501 5.5.4 Syntax: RCPT TO:<address>"),
        ("RCPT TO:user@local.example", "501 5.5.4 Syntax: RCPT TO:<address>"),
    ])
    func untrustedUnauthenticatedClient(command: String, reply: String) {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        _ = smtp.send("MAIL FROM:<sender@remote.example>\r\n")
        #expect(smtp.send(command + "\r\n") == [reply])
    }

    @Test func trustedClientsMayRelay() {
        var smtp = SMTPTestSession(info: .trusted)
        smtp.ehlo()
        _ = smtp.send("MAIL FROM:<sender@remote.example>\r\n")
        #expect(
            smtp.send("RCPT TO:<user@remote.example>\r\nRCPT TO:<user@[192.0.2.1]>\r\n") == [
                "250 2.1.5 Ok", "250 2.1.5 Ok",
            ])
    }

    @Test func authenticatedClientsMayRelay() {
        var smtp = SMTPTestSession(info: .implicitTLS)
        smtp.ehlo()
        _ = smtp.send("AUTH PLAIN \(base64("\0user\0secret"))\r\n")
        #expect(
            smtp.finishAuthentication(.succeeded(username: "user")) == [
                "235 2.7.0 Authentication successful"
            ])
        _ = smtp.send("MAIL FROM:<user@remote.example>\r\n")
        #expect(smtp.send("RCPT TO:<friend@elsewhere.example>\r\n") == ["250 2.1.5 Ok"])
    }

    @Test func recipientsOverTheLimitGet452AndTheOthersAreKept() throws {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        _ = smtp.send("MAIL FROM:<sender@remote.example>\r\n")
        let replies = smtp.send((1...5).map { "RCPT TO:<u\($0)@local.example>\r\n" }.joined())
        #expect(
            replies == [
                "250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok", "452 4.5.3 Too many recipients",
                "452 4.5.3 Too many recipients",
            ])
        #expect(
            smtp.send("DATA\r\n.\r\n") == ["354 End data with <CR><LF>.<CR><LF>", "<enqueue 3 rcpt>"])
        let transaction = try #require(smtp.transactions.first)
        #expect(transaction.recipients.map(\.localPart) == ["u1", "u2", "u3"])
    }

    @Test func duplicateRecipientsAreStoredOnce() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        #expect(smtp.send("RCPT TO:<user@local.example>\r\nDATA\r\n.\r\n").last == "<enqueue 1 rcpt>")
    }
}
