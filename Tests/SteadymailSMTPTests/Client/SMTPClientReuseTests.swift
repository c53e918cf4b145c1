import NIOCore
import Testing

@testable import SteadymailSMTP

/// Several messages over one connection: RSET only after a transaction that failed before its final dot.
@Suite struct SMTPClientReuseTests {
    static let body = "Subject: hi\r\n\r\nhello\r\n.\r\n"
    static let envelope = "MAIL FROM:<alice@steadymail.test>\r\nRCPT TO:<bob@remote.example>\r\nDATA\r\n"

    @Test func twoDeliveredMessagesNeedNoRSET() {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["PIPELINING"])
        #expect(smtp.send(.test()) == [Self.envelope])
        #expect(smtp.server("250 ok\r\n250 ok\r\n354 go\r\n") == [Self.body])
        #expect(smtp.server("250 ok\r\n") == ["<delivered ok>"])
        #expect(smtp.send(.test()) == [Self.envelope])
        #expect(smtp.server("250 ok\r\n250 ok\r\n354 go\r\n250 ok\r\n") == [Self.body, "<delivered ok>"])
    }

    @Test func rsetFollowsAFailedTransactionOnly() {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["PIPELINING"])
        _ = smtp.send(.test())
        #expect(smtp.server("250 ok\r\n550 5.1.1 unknown\r\n554 5.5.1 no\r\n") == ["<delivered rcpt>"])
        #expect(smtp.send(.test()) == ["RSET\r\n"])
        #expect(smtp.machine.stage == .rset)
        #expect(smtp.server("250 2.0.0 ok\r\n") == [Self.envelope])
        #expect(smtp.server("250 ok\r\n250 ok\r\n354 go\r\n250 ok\r\n") == [Self.body, "<delivered ok>"])
        #expect(smtp.send(.test()) == [Self.envelope])
    }

    @Test func noRSETAfterARefusalAtTheFinalDot() {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["PIPELINING"])
        _ = smtp.send(.test())
        #expect(smtp.server("250 ok\r\n250 ok\r\n354 go\r\n550 5.7.1 spam\r\n") == [Self.body, "<delivered dataEnd>"])
        #expect(smtp.send(.test()) == [Self.envelope])
    }

    @Test func refusedRSETEndsTheSession() {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: [])
        _ = smtp.send(.test())
        _ = smtp.server("451 4.3.0 later\r\n")
        _ = smtp.send(.test())
        #expect(smtp.server("500 what\r\n") == ["QUIT\r\n", "<failed rset reply(500 what)>", "<close>"])
    }

    @Test func localRefusalNeedsNoRSET() {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["SIZE 10"])
        #expect(smtp.send(.test()) == ["<delivered mail>"])
        #expect(smtp.send(.test("x")).first?.hasPrefix("MAIL FROM:") == true)
    }
}
