import NIOCore
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPStartTLSTests {
    @Test func bytesPipelinedAfterStartTLSAreNeverExecuted() {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        #expect(smtp.send("STARTTLS\r\nRSET\r\n") == ["220 2.0.0 Ready to start TLS", "<starttls>"])
        #expect(smtp.send("NOOP\r\n") == [])
        #expect(smtp.machine.bufferedByteCount == 0)
        #expect(smtp.record(smtp.machine.tlsEstablished()) == [])
        #expect(smtp.send("NOOP\r\n") == ["250 2.0.0 Ok"])
    }

    @Test func injectionAfterEhloInTheSameWrite() {
        var smtp = SMTPTestSession()
        let replies = smtp.send("EHLO c.example\r\nSTARTTLS\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(Array(replies.dropFirst()) == ["220 2.0.0 Ready to start TLS", "<starttls>"])
        #expect(smtp.record(smtp.machine.tlsEstablished()) == [])
    }

    @Test func sessionStateIsForgottenAfterTLS() {
        var smtp = SMTPTestSession(info: .trusted)
        smtp.ehlo()
        _ = smtp.send("AUTH PLAIN \(base64("\0user\0secret"))\r\n")
        _ = smtp.finishAuthentication(.succeeded(username: "user"))
        _ = smtp.send("MAIL FROM:<a@b.example>\r\nSTARTTLS\r\n")
        _ = smtp.record(smtp.machine.tlsEstablished())
        #expect(smtp.send("MAIL FROM:<a@b.example>\r\n") == ["503 5.5.1 Error: send HELO/EHLO first"])
        let ehlo = smtp.send("EHLO c.example\r\n")
        #expect(!ehlo[0].contains("STARTTLS") && ehlo[0].contains("AUTH PLAIN LOGIN"))
        #expect(smtp.send("RCPT TO:<u@local.example>\r\n") == ["503 5.5.1 Error: need MAIL command"])
        #expect(
            smtp.send("AUTH PLAIN \(base64("\0user\0secret"))\r\n") == ["<authenticate user secret>"])
    }

    @Test func startTLSRefusals() {
        var noCertificate = SMTPTestSession(policy: .test.with { $0.startTLSAvailable = false })
        #expect(noCertificate.send("STARTTLS\r\n") == ["454 4.7.0 TLS not available"])
        var alreadyTLS = SMTPTestSession(info: .implicitTLS)
        #expect(alreadyTLS.send("STARTTLS\r\n") == ["454 4.7.0 TLS not available"])
        var withArgument = SMTPTestSession()
        #expect(
            withArgument.send("STARTTLS now\r\n") == ["501 5.5.4 Syntax error in parameters or arguments"]
        )
    }

    @Test func secondStartTLSIsRefused() {
        var smtp = SMTPTestSession()
        _ = smtp.send("STARTTLS\r\n")
        _ = smtp.record(smtp.machine.tlsEstablished())
        #expect(smtp.send("STARTTLS\r\n") == ["454 4.7.0 TLS not available"])
    }

    @Test func handshakeFailureCloses() {
        var smtp = SMTPTestSession()
        _ = smtp.send("STARTTLS\r\n")
        #expect(render(smtp.machine.tlsFailed()) == ["<close>"])
        #expect(smtp.send("NOOP\r\n") == [])
    }

    @Test func unexpectedTLSEventsAreIgnored() {
        var smtp = SMTPTestSession()
        #expect(smtp.machine.tlsEstablished() == [])
        #expect(smtp.machine.tlsFailed() == [])
        #expect(smtp.send("EHLO c.example\r\n")[0].contains("STARTTLS"))
    }

    @Test func protocolNameReflectsTLS() {
        var smtp = SMTPTestSession()
        _ = smtp.send("STARTTLS\r\n")
        _ = smtp.record(smtp.machine.tlsEstablished())
        smtp.openTransaction()
        _ = smtp.send("DATA\r\n.\r\n")
        #expect(smtp.transactions.first?.protocolName == "ESMTPS")
        #expect(smtp.transactions.first?.tlsActive == true)
    }
}
