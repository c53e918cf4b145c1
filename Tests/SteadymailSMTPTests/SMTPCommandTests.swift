import NIOCore
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPCommandTests {
    @Test func greetingIsSentOnce() {
        var smtp = SMTPTestSession()
        #expect(smtp.greeting == ["220 mx.steadymail.test ESMTP Steadymail"])
        #expect(smtp.machine.connected() == [])
    }

    @Test func ehloListsExtensionsForUntrustedPlaintextClient() {
        var smtp = SMTPTestSession()
        #expect(
            smtp.send("EHLO client.example\r\n") == [
                "250-mx.steadymail.test\r\n250-PIPELINING\r\n250-SIZE 10000\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n"
                    + "250-SMTPUTF8\r\n250-STARTTLS\r\n250 HELP"
            ])
    }

    @Test func ehloOffersAuthOnlyOverTLSOrToTrustedClients() {
        var trusted = SMTPTestSession(info: .trusted)
        #expect(
            trusted.send("EHLO c.example\r\n")[0].contains(
                "250-STARTTLS\r\n250-AUTH PLAIN LOGIN\r\n250 HELP"))
        var tls = SMTPTestSession(info: .implicitTLS)
        let reply = tls.send("EHLO c.example\r\n")[0]
        #expect(reply.contains("250-AUTH PLAIN LOGIN") && !reply.contains("STARTTLS"))
        var noUsers = SMTPTestSession(
            policy: .test.with { $0.authAvailable = false }, info: .implicitTLS)
        #expect(!noUsers.send("EHLO c.example\r\n")[0].contains("AUTH"))
        var noCertificate = SMTPTestSession(policy: .test.with { $0.startTLSAvailable = false })
        #expect(!noCertificate.send("EHLO c.example\r\n")[0].contains("STARTTLS"))
    }

    @Test func heloGivesAPlainReply() {
        var smtp = SMTPTestSession()
        #expect(smtp.send("HELO client.example\r\n") == ["250 mx.steadymail.test"])
    }

    @Test(arguments: [
        "EHLO\r\n", "EHLO \r\n", "EHLO bad name\r\n", "HELO\r\n", "HELO caf\u{E9}\r\n",
    ])
    func greetingNeedsAName(command: String) {
        var smtp = SMTPTestSession()
        #expect(smtp.send(command) == ["501 5.5.4 Syntax error in parameters or arguments"])
    }

    /// Real clients send names like `my_pc` or `-x`; like Postfix's default, any printable token is taken as given.
    @Test(arguments: ["HELO my_pc\r\n", "HELO -x.example\r\n", "HELO [127.0.0.1]\r\n"])
    func greetingTakesAnyPrintableName(command: String) {
        var smtp = SMTPTestSession()
        #expect(smtp.send(command) == ["250 mx.steadymail.test"])
    }

    @Test func ehloAcceptsAddressLiteralsAndAnyCase() {
        var smtp = SMTPTestSession()
        #expect(smtp.send("ehlo [192.0.2.1]\r\n").count == 1)
        #expect(smtp.send("HeLo [IPv6:2001:db8::1]\r\n") == ["250 mx.steadymail.test"])
    }

    @Test func simpleCommands() {
        var smtp = SMTPTestSession()
        #expect(smtp.send("NOOP\r\n") == ["250 2.0.0 Ok"])
        #expect(smtp.send("NOOP anything\r\n") == ["250 2.0.0 Ok"])
        #expect(smtp.send("RSET\r\n") == ["250 2.0.0 Ok"])
        #expect(smtp.send("RSET x\r\n") == ["501 5.5.4 Syntax error in parameters or arguments"])
        #expect(
            smtp.send("VRFY postmaster\r\n") == ["252 2.5.0 Cannot VRFY user, but will accept message"])
        #expect(smtp.send("EXPN staff\r\n") == ["502 5.5.1 Command not implemented"])
        #expect(smtp.send("HELP\r\n") == ["214 2.0.0 See RFC 5321"])
        #expect(smtp.send("FOO\r\n") == ["500 5.5.1 Command unrecognized"])
        #expect(smtp.send("\r\n") == ["500 5.5.1 Command unrecognized"])
        #expect(smtp.send("ſTARTTLS\r\n") == ["500 5.5.1 Command unrecognized"])
        #expect(smtp.send("noop\r\n") == ["250 2.0.0 Ok"])
    }

    @Test func quitClosesAndIgnoresEverythingAfter() {
        var smtp = SMTPTestSession()
        #expect(smtp.send("QUIT\r\nNOOP\r\n") == ["221 2.0.0 mx.steadymail.test Bye", "<close>"])
        #expect(smtp.send("NOOP\r\n") == [])
        #expect(smtp.machine.isClosed)
    }

    @Test func commandsBeforeEhloAreAnsweredNormally() {
        var smtp = SMTPTestSession()
        #expect(
            smtp.send("MAIL FROM:<a@b.example>\r\nNOOP\r\n") == [
                "503 5.5.1 Error: send HELO/EHLO first", "250 2.0.0 Ok",
            ])
    }

    @Test(arguments: ["NOOP\nRSET\r\n", "NO\rOP\r\n", "NO\0OP\r\n"])
    func bareLineEndingsAndNulInCommandsAreRefused(command: String) {
        var smtp = SMTPTestSession()
        #expect(smtp.send(command) == ["500 5.5.2 Syntax error: bare CR, LF, NUL or invalid UTF-8"])
    }

    @Test func invalidUTF8IsRefused() {
        var smtp = SMTPTestSession()
        #expect(
            smtp.send(bytes: Array("NOOP ".utf8) + [0xFF, 0xFE, 0x0D, 0x0A]) == [
                "500 5.5.2 Syntax error: bare CR, LF, NUL or invalid UTF-8"
            ])
    }

    @Test func commandLinesAreLimitedTo512Octets() {
        var smtp = SMTPTestSession()
        let longest = "NOOP " + String(repeating: "a", count: 505) + "\r\n"
        #expect(longest.utf8.count == 512)
        #expect(smtp.send(longest) == ["250 2.0.0 Ok"])
        #expect(
            smtp.send("NOOP " + String(repeating: "a", count: 506) + "\r\nNOOP\r\n") == [
                "500 5.5.2 Line too long", "250 2.0.0 Ok",
            ])
    }

    @Test func megabyteCommandLineIsRefusedWithBoundedMemory() {
        var smtp = SMTPTestSession()
        var replies: [String] = []
        for _ in 0..<32 {
            replies += smtp.send(String(repeating: "A", count: 65_536))
            #expect(smtp.machine.bufferedByteCount <= SMTPServerStateMachine.saslLineLimit)
        }
        replies += smtp.send("\r\nNOOP\r\n")
        #expect(replies == ["500 5.5.2 Line too long", "250 2.0.0 Ok"])
    }

    @Test func badCommandFloodEndsTheSession() {
        var smtp = SMTPTestSession(policy: .test.with { $0.maxCommandErrors = 3 })
        #expect(
            smtp.send("X\r\nNOOP\r\nY\r\nZ\r\nNOOP\r\n") == [
                "500 5.5.1 Command unrecognized", "250 2.0.0 Ok", "500 5.5.1 Command unrecognized",
                "500 5.5.1 Command unrecognized", "421 4.7.0 Too many errors", "<close>",
            ])
    }
}
