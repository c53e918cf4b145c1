import NIOCore
import Testing

@testable import SteadymailSMTP

/// MAIL, RCPT, DATA and the final dot: pipelined and lockstep bytes, and every reply class at each step.
@Suite struct SMTPClientTransactionTests {
    static let lockstep = ["ENHANCEDSTATUSCODES"]
    static let pipelined = ["PIPELINING"]
    static let body = "Subject: hi\r\n\r\nhello\r\n.\r\n"

    private func ready(_ extensions: [String]) -> SMTPClientTestSession {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: extensions)
        return smtp
    }

    @Test func lockstepWritesOneCommandPerReply() {
        var smtp = ready(Self.lockstep)
        #expect(
            smtp.send(.test(recipients: ["b@x.example", "c@x.example"])) == ["MAIL FROM:<alice@steadymail.test>\r\n"])
        #expect(smtp.machine.stage == .mail)
        #expect(smtp.server("250 2.1.0 ok\r\n") == ["RCPT TO:<b@x.example>\r\n"])
        #expect(smtp.machine.stage == .rcpt)
        #expect(smtp.server("250 2.1.5 ok\r\n") == ["RCPT TO:<c@x.example>\r\n"])
        #expect(smtp.server("550 5.1.1 unknown\r\n") == ["DATA\r\n"])
        #expect(smtp.machine.stage == .data)
        #expect(smtp.server("354 go\r\n") == [Self.body])
        #expect(smtp.machine.stage == .dataEnd)
        #expect(smtp.server("250 2.0.0 queued as X\r\n") == ["<delivered ok>"])
        #expect(smtp.machine.stage == .idle)
        let outcome = smtp.outcomes[0]
        #expect(outcome.mailReply?.code == 250 && outcome.dataCommandReply?.code == 354)
        #expect(outcome.recipientReplies.map { $0?.code } == [250, 550])
        #expect(outcome.recipientReplies[1]?.enhancedStatus == "5.1.1")
        #expect(outcome.dataReply?.text == "2.0.0 queued as X")
        #expect(outcome.decisiveReply(forRecipientAt: 0)?.code == 250)
        #expect(outcome.decisiveReply(forRecipientAt: 1)?.code == 550)
    }

    @Test func pipeliningWritesEnvelopeAndDataAtOnce() {
        var smtp = ready(Self.pipelined)
        #expect(
            smtp.send(.test(recipients: ["b@x.example", "c@x.example"]))
                == ["MAIL FROM:<alice@steadymail.test>\r\nRCPT TO:<b@x.example>\r\nRCPT TO:<c@x.example>\r\nDATA\r\n"])
        #expect(smtp.server("250 ok\r\n250 ok\r\n") == [])
        #expect(smtp.machine.stage == .rcpt)
        #expect(smtp.server("250 ok\r\n354 go\r\n") == [Self.body])
        #expect(smtp.server("250 ok\r\n") == ["<delivered ok>"])
    }

    @Test(arguments: ["451 4.3.0 later", "553 5.1.8 bad sender"])
    func mailRefusedInLockstep(reply: String) {
        var smtp = ready(Self.lockstep)
        _ = smtp.send(.test())
        #expect(smtp.server(reply + "\r\n") == ["<delivered mail>"])
        #expect(smtp.outcomes[0].recipientReplies == [nil])
        #expect(smtp.outcomes[0].decisiveReply(forRecipientAt: 0)?.description == reply)
    }

    @Test func mailRefusedWhilePipelinedConsumesEveryReply() {
        var smtp = ready(Self.pipelined)
        _ = smtp.send(.test())
        #expect(smtp.server("550 5.7.1 no\r\n503 5.5.1 need MAIL\r\n") == [])
        #expect(smtp.server("503 5.5.1 no valid recipients\r\n") == ["<delivered mail>"])
        #expect(smtp.outcomes[0].recipientReplies.map { $0?.code } == [503])
        #expect(smtp.outcomes[0].decisiveReply(forRecipientAt: 0)?.code == 550)
    }

    @Test(arguments: ["450 4.2.0 mailbox busy", "550 5.1.1 unknown"])
    func allRecipientsRefusedInLockstepSendsNoData(reply: String) {
        var smtp = ready(Self.lockstep)
        _ = smtp.send(.test())
        _ = smtp.server("250 ok\r\n")
        #expect(smtp.server(reply + "\r\n") == ["<delivered rcpt>"])
        #expect(smtp.outcomes[0].dataCommandReply == nil)
    }

    @Test func allRecipientsRefusedWhilePipelined() {
        var smtp = ready(Self.pipelined)
        _ = smtp.send(.test())
        #expect(smtp.server("250 ok\r\n550 5.1.1 unknown\r\n554 5.5.1 no valid recipients\r\n") == ["<delivered rcpt>"])
        #expect(smtp.outcomes[0].dataCommandReply?.code == 554)
    }

    @Test func pipelinedDataAcceptedWithoutRecipientsSendsAnEmptyBody() {
        var smtp = ready(Self.pipelined)
        _ = smtp.send(.test())
        #expect(smtp.server("250 ok\r\n550 5.1.1 unknown\r\n354 go\r\n") == [".\r\n"])
        #expect(smtp.server("554 5.5.1 no recipients\r\n") == ["<delivered rcpt>"])
    }

    @Test(arguments: ["451 4.3.0 later", "554 5.3.0 no"])
    func dataCommandRefused(reply: String) {
        var smtp = ready(Self.lockstep)
        _ = smtp.send(.test())
        _ = smtp.server("250 ok\r\n250 ok\r\n")
        #expect(smtp.server(reply + "\r\n") == ["<delivered data>"])
        #expect(smtp.outcomes[0].decisiveReply(forRecipientAt: 0)?.description == reply)
    }

    @Test func positiveReplyToDataIsAProtocolError() {
        var smtp = ready(Self.lockstep)
        _ = smtp.send(.test())
        _ = smtp.server("250 ok\r\n250 ok\r\n")
        #expect(
            smtp.server("250 ok\r\n") == ["<failed data protocolError(\"unexpected reply 250 to data\")>", "<close>"])
    }

    @Test func intermediateReplyToRCPTIsAProtocolError() {
        var smtp = ready(Self.lockstep)
        _ = smtp.send(.test())
        _ = smtp.server("250 ok\r\n")
        #expect(smtp.server("354 go\r\n").first?.hasPrefix("<failed rcpt protocolError") == true)
    }

    @Test(arguments: ["452 4.3.1 full", "550 5.7.1 spam"])
    func finalDotRefused(reply: String) {
        var smtp = ready(Self.lockstep)
        _ = smtp.send(.test())
        _ = smtp.server("250 ok\r\n250 ok\r\n354 go\r\n")
        #expect(smtp.server(reply + "\r\n") == ["<delivered dataEnd>"])
        #expect(smtp.outcomes[0].decisiveReply(forRecipientAt: 0)?.description == reply)
    }

    @Test func code421AtEveryTransactionStepFailsTheSession() {
        let prefixes = ["", "250 ok\r\n", "250 ok\r\n250 ok\r\n", "250 ok\r\n250 ok\r\n354 go\r\n"]
        let stages: [SMTPClientStage] = [.mail, .rcpt, .data, .dataEnd]
        for (prefix, stage) in zip(prefixes, stages) {
            var smtp = ready(Self.lockstep)
            _ = smtp.send(.test())
            _ = smtp.server(prefix)
            #expect(smtp.server("421 4.3.2 bye\r\n") == ["<failed \(stage) reply(421 4.3.2 bye)>", "<close>"])
            #expect(smtp.failures.first?.isMaybeDelivered == false)
        }
    }

    @Test func timeoutAfterTheFinalDotMayHaveDelivered() {
        var smtp = ready(Self.pipelined)
        _ = smtp.send(.test())
        _ = smtp.server("250 ok\r\n250 ok\r\n354 go\r\n")
        #expect(smtp.record(smtp.machine.timedOut()) == ["<failed dataEnd timeout>", "<close>"])
        #expect(smtp.failures[0].isMaybeDelivered)
        var dropped = ready(Self.pipelined)
        _ = dropped.send(.test())
        _ = dropped.server("250 ok\r\n250 ok\r\n354 go\r\n250 2.0")
        #expect(dropped.record(dropped.machine.connectionClosed()) == ["<failed dataEnd connectionClosed>", "<close>"])
        #expect(dropped.failures[0].isMaybeDelivered)
    }

    @Test func timeoutBeforeTheBodyIsNotMaybeDelivered() {
        var smtp = ready(Self.pipelined)
        _ = smtp.send(.test())
        #expect(smtp.record(smtp.machine.timedOut()) == ["<failed mail timeout>", "<close>"])
        #expect(!smtp.failures[0].isMaybeDelivered)
    }

    @Test func replyWithNothingOutstandingIsAProtocolError() {
        var smtp = ready(Self.lockstep)
        _ = smtp.send(.test())
        #expect(
            smtp.server("250 ok\r\n250 ok\r\n354 go\r\n250 ok\r\n")
                == ["RCPT TO:<bob@remote.example>\r\n", "DATA\r\n", Self.body, "<delivered ok>"])
        #expect(smtp.server("250 extra\r\n").first?.hasPrefix("<failed idle protocolError") == true)
    }
}
