import NIOCore
import Testing

@testable import SteadymailSMTP

/// The wire form of a message: CRLF normalisation, dot-stuffing, MAIL parameters, and local refusals.
@Suite struct SMTPClientMessageTests {
    private func encoded(_ content: String) -> String {
        String(buffer: SMTPBodyEncoder.encode(ByteBuffer(string: content)))
    }

    @Test func crlfNormalisationAndDotStuffing() {
        #expect(encoded("a\n.\r\nb") == "a\r\n..\r\nb\r\n.\r\n")
        #expect(encoded(".start\rmid\r\n..two\n") == "..start\r\nmid\r\n...two\r\n.\r\n")
        #expect(encoded("") == ".\r\n")
        #expect(encoded("x\r") == "x\r\n.\r\n")
        #expect(encoded("\r\r\n.") == "\r\n\r\n..\r\n.\r\n")
        #expect(encoded("line\r\n") == "line\r\n.\r\n")
    }

    @Test func bodyWithLoneDotLineGoesOutStuffed() {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["PIPELINING"])
        _ = smtp.send(.test("Subject: x\n\nhi\n.\r\nmore"))
        #expect(smtp.server("250 ok\r\n250 ok\r\n354 go\r\n") == ["Subject: x\r\n\r\nhi\r\n..\r\nmore\r\n.\r\n"])
    }

    @Test func sizeIsDeclaredAndRefusedLocallyWhenOver() {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["SIZE 30"])
        #expect(smtp.send(.test("0123456789")) == ["MAIL FROM:<alice@steadymail.test> SIZE=15\r\n"])
        var small = SMTPClientTestSession()
        small.establish(extensions: ["SIZE 14"])
        #expect(small.send(.test("0123456789", recipients: ["a@x.example", "b@x.example"])) == ["<delivered mail>"])
        let outcome = small.outcomes[0]
        #expect(outcome.localRefusal == .messageTooLarge(size: 15, limit: 14))
        #expect(outcome.mailReply == nil)
        #expect(
            outcome.recipientReplies.map { $0?.description }
                == Array(repeating: outcome.localRefusal?.reply.description, count: 2))
        #expect(outcome.recipientReplies[0]?.code == 552 && outcome.recipientReplies[0]?.enhancedStatus == "5.3.4")
        #expect(small.machine.stage == .idle)
    }

    @Test func sizeWithoutLimitIsDeclaredOnly() {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["SIZE"])
        #expect(smtp.send(.test("x")) == ["MAIL FROM:<alice@steadymail.test> SIZE=6\r\n"])
    }

    @Test func eightBitBodyGetsBodyParameterOrIsRefused() {
        let message = SMTPOutboundMessage(
            sender: "", recipients: ["b@x.example"], content: ByteBuffer(string: "caf\u{E9}\r\n"))
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["8BITMIME"])
        #expect(smtp.send(message) == ["MAIL FROM:<> BODY=8BITMIME\r\n"])
        var old = SMTPClientTestSession()
        old.establish(extensions: [])
        #expect(old.send(message) == ["<delivered mail>"])
        #expect(old.outcomes[0].requires8BitMIME)
        #expect(old.outcomes[0].recipientReplies[0]?.code == 554)
        var declared = message
        declared.eightBit = false
        #expect(old.send(declared) == ["MAIL FROM:<>\r\n"])
    }

    @Test func smtputf8IsDeclaredOrRefusedAsMessageLevel() {
        let message = SMTPOutboundMessage(
            sender: "j\u{F6}rg@x.example", recipients: ["b@x.example"], content: ByteBuffer(string: "hi\r\n"))
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["SMTPUTF8", "8BITMIME"])
        #expect(smtp.send(message) == ["MAIL FROM:<j\u{F6}rg@x.example> SMTPUTF8\r\n"])
        var ascii = SMTPClientTestSession()
        ascii.establish(extensions: ["8BITMIME"])
        #expect(ascii.send(message) == ["<delivered mail>"])
        #expect(ascii.outcomes[0].localRefusal == .smtputf8NotOffered)
        #expect(ascii.outcomes[0].recipientReplies[0]?.description == "553 5.6.7 Relay does not support SMTPUTF8")
        #expect(!ascii.outcomes[0].requires8BitMIME)
        var flagged = SMTPOutboundMessage.test()
        flagged.smtputf8 = true
        #expect(ascii.send(flagged) == ["<delivered mail>"])
    }

    @Test func unsafeEnvelopesAreRefusedLocally() {
        var smtp = SMTPClientTestSession()
        smtp.establish(extensions: ["PIPELINING"])
        for recipients in [["a@x.example>\r\nRCPT TO:<evil@x.example"], ["a@x.example\0"], []] {
            #expect(smtp.send(.test(recipients: recipients)) == ["<delivered mail>"])
            #expect(smtp.outcomes.last?.localRefusal == .invalidEnvelope)
        }
    }
}
