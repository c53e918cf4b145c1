import NIOCore
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPClientStartTLSTests {
    private func configuration(_ mode: SMTPClientTLSMode) -> SMTPClientConfiguration {
        SMTPClientConfiguration(heloName: "out.steadymail.test", tlsMode: mode)
    }

    @Test func startTLSThenEHLOAgain() {
        var smtp = SMTPClientTestSession(configuration(.required))
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n")
        #expect(smtp.server(ehloReply(["STARTTLS", "PIPELINING"])) == ["STARTTLS\r\n"])
        #expect(smtp.machine.stage == .startTLS)
        #expect(smtp.server("220 2.0.0 go ahead\r\n") == ["<starttls>"])
        #expect(smtp.tlsEstablished() == ["EHLO out.steadymail.test\r\n"])
        #expect(smtp.machine.tlsActive && smtp.machine.capabilities == SMTPServerCapabilities())
        #expect(smtp.server(ehloReply(["PIPELINING", "AUTH PLAIN"])) == ["<ready>"])
        #expect(smtp.readyCapabilities?.startTLS == false)
    }

    @Test func bytesAfterThe220InTheSameReadAbort() {
        var smtp = SMTPClientTestSession(configuration(.opportunistic))
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n" + ehloReply(["STARTTLS"]))
        #expect(
            smtp.server("220 go ahead\r\n250-evil\r\n")
                == ["<failed startTLS protocolError(\"data received after the reply to STARTTLS\")>", "<close>"])
        #expect(smtp.tlsEstablished() == [])
    }

    @Test func bytesAfterThe220BeforeTheHandshakeAbort() {
        var smtp = SMTPClientTestSession(configuration(.required))
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n" + ehloReply(["STARTTLS"]))
        #expect(smtp.server("220 go ahead\r\n") == ["<starttls>"])
        #expect(
            smtp.server("2")
                == ["<failed startTLS protocolError(\"data received before the TLS handshake\")>", "<close>"])
        #expect(smtp.tlsEstablished() == [])
    }

    @Test func requiredButNotOfferedNeverSendsMail() {
        var smtp = SMTPClientTestSession(configuration(.required))
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n")
        #expect(
            smtp.server(ehloReply(["PIPELINING"]))
                == ["QUIT\r\n", "<failed ehlo tlsRequiredButNotOffered>", "<close>"])
        #expect(smtp.send(.test()) == [])
    }

    @Test func requiredAfterHELOFallbackFails() {
        var smtp = SMTPClientTestSession(configuration(.required))
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n500 no\r\n")
        #expect(smtp.server("250 ok\r\n") == ["QUIT\r\n", "<failed ehlo tlsRequiredButNotOffered>", "<close>"])
    }

    @Test func refusedStartTLS() {
        var required = SMTPClientTestSession(configuration(.required))
        _ = required.connect()
        _ = required.server("220 mx\r\n" + ehloReply(["STARTTLS"]))
        #expect(
            required.server("454 4.7.0 TLS not available\r\n")
                == ["QUIT\r\n", "<failed startTLS reply(454 4.7.0 TLS not available)>", "<close>"])
        var opportunistic = SMTPClientTestSession(configuration(.opportunistic))
        _ = opportunistic.connect()
        _ = opportunistic.server("220 mx\r\n" + ehloReply(["STARTTLS"]))
        #expect(opportunistic.server("554 5.7.0 no\r\n") == ["<ready>"])
        #expect(!opportunistic.machine.tlsActive)
    }

    @Test func opportunisticWithoutOfferIsPlaintext() {
        var smtp = SMTPClientTestSession(configuration(.opportunistic))
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n")
        #expect(smtp.server(ehloReply(["SIZE"])) == ["<ready>"])
    }

    @Test func handshakeFailure() {
        var smtp = SMTPClientTestSession(configuration(.required))
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n" + ehloReply(["STARTTLS"]) + "220 go\r\n")
        #expect(smtp.record(smtp.machine.tlsFailed()) == ["<failed startTLS tlsFailed>", "<close>"])
    }

    @Test func implicitTLSNeverSendsStartTLS() {
        var smtp = SMTPClientTestSession(configuration(.implicit))
        #expect(smtp.machine.tlsActive)
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n")
        #expect(smtp.server(ehloReply(["STARTTLS"])) == ["<ready>"])
    }

    @Test func unexpectedTLSEventsAreIgnored() {
        var smtp = SMTPClientTestSession(configuration(.required))
        #expect(smtp.tlsEstablished() == [])
        #expect(smtp.record(smtp.machine.tlsFailed()) == [])
    }
}
