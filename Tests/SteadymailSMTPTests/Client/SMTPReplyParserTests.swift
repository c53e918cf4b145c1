import NIOCore
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPClientReplyParserTests {
    private func parse(_ text: String, lineLimit: Int = 4_096, lines: Int = 200) throws(SMTPReplyError)
        -> [SMTPClientReply]
    {
        var parser = SMTPReplyParser(maximumLineLength: lineLimit, maximumLines: lines)
        parser.append(ByteBuffer(string: text))
        var replies: [SMTPClientReply] = []
        while let reply = try parser.next() { replies.append(reply) }
        return replies
    }

    @Test func multiLineReplyWithEnhancedStatus() throws {
        let replies = try parse("250-mx.example\r\n250-PIPELINING\r\n250 SIZE 100\r\n550 5.1.1 No such user\r\n")
        #expect(replies.map(\.code) == [250, 550])
        #expect(replies[0].lines == ["mx.example", "PIPELINING", "SIZE 100"])
        #expect(replies[0].enhancedStatus == nil)
        #expect(replies[1].enhancedStatus == "5.1.1")
        #expect(replies[1].text == "5.1.1 No such user")
        #expect(replies[1].isPermanent && !replies[1].isTransient && !replies[1].isPositive)
    }

    @Test func bareLFAndCodeOnlyLinesAreAccepted() throws {
        let replies = try parse("220 hi\n250\r\n451 4.3.0 busy\n")
        #expect(replies.map(\.code) == [220, 250, 451])
        #expect(replies[1].lines == [""])
        #expect(replies[2].isTransient && replies[2].enhancedStatus == "4.3.0")
    }

    @Test func enhancedStatusMustMatchTheCodeClass() throws {
        #expect(try parse("550 4.1.1 odd\r\n")[0].enhancedStatus == nil)
        #expect(try parse("250 2.0.0\r\n")[0].enhancedStatus == "2.0.0")
        #expect(try parse("250 2.0.0000 x\r\n")[0].enhancedStatus == nil)
    }

    @Test func controlCharactersInTextAreReplaced() throws {
        #expect(try parse("550 a\0b\u{1B}c\r\n")[0].text == "a?b?c")
    }

    @Test(arguments: ["2x0 ok\r\n", "999 ok\r\n", "199 ok\r\n", "25\r\n", "250_ok\r\n", "\r\n", "261 ok\r\n"])
    func garbageCodesAreErrors(line: String) {
        #expect(throws: SMTPReplyError.malformedCode) { try parse(line) }
    }

    @Test func mixedCodesAcrossContinuationLines() {
        #expect(throws: SMTPReplyError.inconsistentCodes) { try parse("250-a\r\n550 b\r\n") }
    }

    @Test func endlessContinuationLinesAreBounded() throws {
        let text = String(repeating: "250-x\r\n", count: 200) + "250 end\r\n"
        #expect(throws: SMTPReplyError.tooManyLines(limit: 200)) { try parse(text) }
        #expect(try parse(String(repeating: "250-x\r\n", count: 199) + "250 end\r\n")[0].lines.count == 200)
    }

    @Test func overlongLinesAreBoundedWithOrWithoutTerminator() throws {
        #expect(try parse("250 " + String(repeating: "a", count: 4_092) + "\r\n")[0].code == 250)
        #expect(throws: SMTPReplyError.lineTooLong(limit: 4_096)) {
            try parse("250 " + String(repeating: "a", count: 4_093) + "\r\n")
        }
        var parser = SMTPReplyParser(maximumLineLength: 4_096, maximumLines: 200)
        parser.append(ByteBuffer(string: "250 "))
        var thrown: SMTPReplyError?
        for _ in 0..<1_024 where thrown == nil {
            parser.append(ByteBuffer(repeating: UInt8(ascii: "a"), count: 1_024))
            do { _ = try parser.next() } catch { thrown = error }
            #expect(parser.bufferedByteCount <= 4_098 + 1_024)
        }
        #expect(thrown == .lineTooLong(limit: 4_096))
    }

    @Test func partialReplyWaitsForMore() throws {
        var parser = SMTPReplyParser(maximumLineLength: 4_096, maximumLines: 200)
        parser.append(ByteBuffer(string: "250-a\r\n250 b"))
        #expect(try parser.next() == nil)
        #expect(parser.isMidReply)
        parser.append(ByteBuffer(string: "\r\n"))
        #expect(try parser.next()?.lines == ["a", "b"])
        #expect(!parser.isMidReply)
    }

    @Test func capabilitiesFromEHLO() throws {
        let reply = try parse(
            ehloReply([
                "PIPELINING", "SIZE 35882577", "8BITMIME", "SMTPUTF8", "STARTTLS", "AUTH PLAIN login",
                "AUTH=XOAUTH2", "ENHANCEDSTATUSCODES",
            ]))[0]
        let capabilities = SMTPServerCapabilities(ehloReply: reply)
        #expect(capabilities.pipelining && capabilities.eightBitMIME && capabilities.smtputf8)
        #expect(capabilities.startTLS && capabilities.enhancedStatusCodes)
        #expect(capabilities.size == 35_882_577)
        #expect(capabilities.authMechanisms == ["PLAIN", "LOGIN", "XOAUTH2"])
        #expect(SMTPServerCapabilities(ehloReply: try parse(ehloReply(["SIZE"]))[0]).size == 0)
        #expect(SMTPServerCapabilities(ehloReply: try parse(ehloReply([]))[0]) == SMTPServerCapabilities())
    }
}
