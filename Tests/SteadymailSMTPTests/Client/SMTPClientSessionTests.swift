import NIOCore
import Testing

@testable import SteadymailSMTP

/// Greeting and EHLO/HELO: every reply class, and the session-level ends.
@Suite struct SMTPClientSessionTests {
    @Test func greetingThenEHLOThenReady() {
        var smtp = SMTPClientTestSession()
        #expect(smtp.machine.stage == .connect)
        #expect(smtp.connect() == [])
        #expect(smtp.machine.stage == .greeting)
        #expect(smtp.server("220 mx.remote.example ESMTP\r\n") == ["EHLO out.steadymail.test\r\n"])
        #expect(smtp.machine.stage == .ehlo)
        #expect(smtp.server(ehloReply(["PIPELINING", "SIZE 1000"])) == ["<ready>"])
        #expect(smtp.machine.stage == .idle)
        #expect(smtp.readyCapabilities?.pipelining == true && smtp.readyCapabilities?.size == 1_000)
    }

    @Test(arguments: ["450 4.3.2 busy\r\n", "554 5.7.1 go away\r\n"])
    func refusedGreetingEndsPolitely(reply: String) {
        var smtp = SMTPClientTestSession()
        _ = smtp.connect()
        let transcript = smtp.server(reply)
        #expect(transcript.first == "QUIT\r\n" && transcript.last == "<close>")
        #expect(smtp.failures.first?.stage == .greeting)
        #expect(smtp.machine.isClosed)
    }

    @Test func greeting421EndsWithoutQuit() {
        var smtp = SMTPClientTestSession()
        _ = smtp.connect()
        #expect(smtp.server("421 4.3.2 shutting down\r\n").first?.hasPrefix("<failed greeting reply") == true)
        #expect(smtp.server("250 late\r\n") == [])
    }

    @Test func greetingBeforeConnectedIsHeldUntilConnected() {
        var smtp = SMTPClientTestSession()
        #expect(smtp.server("220 early\r\n") == [])
        #expect(smtp.connect() == ["EHLO out.steadymail.test\r\n"])
    }

    @Test func ehloRefusedPermanentlyFallsBackToHELO() {
        var smtp = SMTPClientTestSession()
        _ = smtp.connect()
        _ = smtp.server("220 old.example\r\n")
        #expect(smtp.server("502 5.5.2 what\r\n") == ["HELO out.steadymail.test\r\n"])
        #expect(smtp.machine.stage == .ehlo)
        #expect(smtp.server("250 old.example\r\n") == ["<ready>"])
        #expect(smtp.readyCapabilities == SMTPServerCapabilities())
    }

    @Test func heloRefusedEndsTheSession() {
        var smtp = SMTPClientTestSession()
        _ = smtp.connect()
        _ = smtp.server("220 old.example\r\n500 no\r\n")
        #expect(smtp.server("550 no\r\n") == ["QUIT\r\n", "<failed ehlo reply(550 no)>", "<close>"])
    }

    @Test func ehloTransientFailureEndsTheSession() {
        var smtp = SMTPClientTestSession()
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n")
        #expect(smtp.server("451 4.3.0 later\r\n") == ["QUIT\r\n", "<failed ehlo reply(451 4.3.0 later)>", "<close>"])
    }

    @Test func intermediateReplyToEHLOIsAProtocolError() {
        var smtp = SMTPClientTestSession()
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n")
        #expect(smtp.server("354 what\r\n") == ["<failed ehlo protocolError(\"unexpected reply 354\")>", "<close>"])
    }

    @Test func hostileRepliesEndTheSessionWithBoundedMemory() {
        let hostile = [
            String(repeating: "220-x\r\n", count: 10_000),
            String(repeating: "x", count: 1 << 20),
            "2x0 hi\r\n", "999 hi\r\n", "220-a\r\n250 b\r\n",
        ]
        for text in hostile {
            var smtp = SMTPClientTestSession()
            _ = smtp.connect()
            let transcript = smtp.server(text)
            #expect(transcript.last == "<close>")
            #expect(smtp.failures.first?.stage == .greeting)
            guard case .protocolError = smtp.failures.first?.kind else {
                Issue.record("expected a protocol error for \(text.prefix(20))")
                continue
            }
            #expect(smtp.machine.bufferedByteCount == 0)
        }
    }

    @Test func eofMidReplyAndMidSession() {
        var smtp = SMTPClientTestSession()
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n250-mx\r\n250-PIPE")
        #expect(smtp.record(smtp.machine.connectionClosed()) == ["<failed ehlo connectionClosed>", "<close>"])
        #expect(smtp.record(smtp.machine.connectionClosed()) == [])
        var idle = SMTPClientTestSession()
        idle.establish()
        #expect(idle.record(idle.machine.connectionClosed()) == ["<failed idle connectionClosed>", "<close>"])
    }

    @Test func timeoutsNameTheStage() {
        var smtp = SMTPClientTestSession()
        #expect(smtp.record(smtp.machine.timedOut()) == ["<failed connect timeout>", "<close>"])
        var greeting = SMTPClientTestSession()
        _ = greeting.connect()
        #expect(greeting.record(greeting.machine.timedOut()) == ["<failed greeting timeout>", "<close>"])
        #expect(greeting.machine.stage == .greeting)
        #expect(SMTPClientConfiguration.plain.timeouts.duration(for: .greeting) == .seconds(300))
        #expect(SMTPClientConfiguration.plain.timeouts.duration(for: .dataEnd) == .seconds(600))
    }

    @Test func idle421AndUnexpectedRepliesEndTheSession() {
        var smtp = SMTPClientTestSession()
        smtp.establish()
        #expect(smtp.server("421 4.4.2 idle\r\n") == ["<failed idle reply(421 4.4.2 idle)>", "<close>"])
        var chatty = SMTPClientTestSession()
        chatty.establish()
        #expect(chatty.server("250 hi\r\n").first?.hasPrefix("<failed idle protocolError") == true)
    }

    @Test func quitWhenIdleThenClose() {
        var smtp = SMTPClientTestSession()
        smtp.establish()
        #expect(smtp.record(smtp.machine.quit()) == ["QUIT\r\n"])
        #expect(smtp.machine.stage == .quit)
        #expect(smtp.server("221 2.0.0 bye\r\n") == ["<close>"])
        #expect(smtp.failures.isEmpty && smtp.machine.isClosed)
        var shuttingDown = SMTPClientTestSession()
        shuttingDown.establish()
        _ = shuttingDown.machine.quit()
        #expect(shuttingDown.server("421 4.3.2 bye\r\n") == ["<close>"])
        #expect(shuttingDown.failures.isEmpty)
        var dropped = SMTPClientTestSession()
        dropped.establish()
        _ = dropped.machine.quit()
        #expect(dropped.record(dropped.machine.connectionClosed()) == [])
        var early = SMTPClientTestSession()
        _ = early.connect()
        #expect(early.record(early.machine.quit()) == ["<close>"])
    }

    @Test func sendWhenNotReadyIsAnError() {
        var smtp = SMTPClientTestSession()
        _ = smtp.connect()
        #expect(smtp.send(.test()).first?.hasPrefix("<failed greeting protocolError") == true)
        #expect(smtp.send(.test()) == [])
    }
}
