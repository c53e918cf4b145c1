import NIOCore
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPSessionLifecycleTests {
    @Test func idleTimeoutCloses() {
        var smtp = SMTPTestSession()
        #expect(
            render(smtp.machine.idleTimeout()) == [
                "421 4.4.2 mx.steadymail.test Idle timeout, closing connection", "<close>",
            ])
        #expect(smtp.machine.idleTimeout() == [])
        #expect(smtp.send("NOOP\r\n") == [])
    }

    @Test func shutdownWithoutTransactionClosesAtOnce() {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        #expect(
            render(smtp.machine.shutdownRequested()) == [
                "421 4.3.2 mx.steadymail.test Service shutting down", "<close>",
            ])
    }

    @Test func shutdownLetsTheOpenTransactionFinish() {
        var smtp = SMTPTestSession()
        smtp.ehlo()
        _ = smtp.send("MAIL FROM:<a@b.example>\r\n")
        #expect(smtp.record(smtp.machine.shutdownRequested()) == [])
        #expect(
            smtp.send("RCPT TO:<u@local.example>\r\nDATA\r\n") == [
                "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>",
            ])
        #expect(smtp.record(smtp.machine.shutdownRequested()) == [])
        #expect(smtp.send("body\r\n.\r\nMAIL FROM:<a@b.example>\r\n") == ["<enqueue 1 rcpt>"])
        #expect(smtp.record(smtp.machine.shutdownRequested()) == [])
        #expect(
            smtp.finishEnqueue() == [
                "250 2.0.0 Ok: queued as Q1", "421 4.3.2 mx.steadymail.test Service shutting down",
                "<close>",
            ])
    }

    @Test func shutdownAfterRefusedMessage() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.send("DATA\r\n")
        _ = smtp.machine.shutdownRequested()
        #expect(
            smtp.send("a\nb\r\n.\r\n") == [
                "550 5.6.11 Bare CR or LF not allowed",
                "421 4.3.2 mx.steadymail.test Service shutting down", "<close>",
            ])
    }

    @Test func shutdownAfterRset() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.machine.shutdownRequested()
        #expect(
            smtp.send("RSET\r\nNOOP\r\n") == [
                "250 2.0.0 Ok", "421 4.3.2 mx.steadymail.test Service shutting down", "<close>",
            ])
    }

    @Test func connectionClosedReleasesEverything() {
        var smtp = SMTPTestSession()
        _ = smtp.send("NOOP")
        smtp.machine.connectionClosed()
        #expect(smtp.machine.bufferedByteCount == 0)
        #expect(smtp.send("\r\n") == [])
        #expect(smtp.machine.enqueueFinished(.queued(id: "x")) == [])
    }

    @Test func inputPiledUpWhileWaitingIsBounded() {
        var smtp = SMTPTestSession()
        smtp.openTransaction()
        _ = smtp.send("DATA\r\n.\r\n")
        var replies: [String] = []
        let chunk = String(repeating: "NOOP\r\n", count: 200_000)
        for _ in 0..<10 where !smtp.machine.isClosed {
            replies += smtp.send(chunk)
        }
        #expect(replies == ["421 4.7.0 Too much input without progress", "<close>"])
    }

    @Test func bytesBeforeConnectedAreHeldUntilTheGreeting() {
        var machine = SMTPServerStateMachine(policy: .test, session: .untrusted)
        #expect(machine.received(ByteBuffer(string: "NOOP\r\n")) == [])
        #expect(
            render(machine.connected()) == ["220 mx.steadymail.test ESMTP Steadymail", "250 2.0.0 Ok"])
    }

    @Test func replyEncoding() {
        let reply = SMTPReply(code: 250, enhancedStatusCode: "2.0.0", lines: ["one", "two"])
        #expect(reply.encoded() == "250-2.0.0 one\r\n250 2.0.0 two\r\n")
        #expect(SMTPReply(code: 354, enhancedStatusCode: nil, lines: []).encoded() == "354 \r\n")
    }
}
