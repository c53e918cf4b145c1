import NIOCore
import Testing

@testable import SteadymailSMTP

/// The same bytes must give the same replies and actions however the network splits them.
@Suite struct SMTPChunkingTests {
    static let transcripts: [(SMTPSessionInfo, String)] = [
        (
            .implicitTLS,
            "EHLO client.example\r\nAUTH PLAIN \(base64("\0alice\0secret"))\r\nMAIL FROM:<alice@local.example> SIZE=300\r\n"
                + "RCPT TO:<bob@remote.example>\r\nRCPT TO:<carol@local.example>\r\nDATA\r\nSubject: x\r\n\r\n..dot\r\n.\r\n"
                + "\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<u@local.example>\r\nDATA\r\nsecond\r\n.\r\nNOOP\r\nQUIT\r\n"
        ),
        (
            .untrusted,
            "EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@local.example>\r\nDATA\r\nhello\n.\r\n"
                + "MAIL FROM:<evil@b.example>\r\nRCPT TO:<v@local.example>\r\nDATA\r\nsmuggled\r\n.\r\nRSET\r\n"
                + String(repeating: "X", count: 700) + "\r\nAUTH LOGIN\r\nVRFY x\r\nQUIT\r\n"
        ),
        (
            .trusted,
            "HELO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@remote.example>\r\nDATA\r\n"
                + String(repeating: "y", count: 1_200)
                + "\r\n.\r\nAUTH LOGIN\r\nEHLO c.example\r\nAUTH LOGIN\r\n"
                + "\(base64("alice"))\r\n\(base64("wrong"))\r\nAUTH LOGIN \(base64("alice"))\r\n\(base64("secret"))\r\n"
                + "MAIL FROM:<a@b.example>\r\nRCPT TO:<x@remote.example>\r\nDATA\r\n.\r\n"
        ),
    ]

    private func run(_ info: SMTPSessionInfo, _ input: [UInt8], chunkSizes: some Sequence<Int>)
        -> SMTPAutoDriver
    {
        var driver = SMTPAutoDriver(info: info)
        driver.feed(input, chunkSizes: chunkSizes)
        return driver
    }

    @Test(arguments: 0..<3)
    func everyChunkingGivesTheSameTranscript(index: Int) {
        let (info, text) = Self.transcripts[index]
        let input = Array(text.utf8)
        let reference = run(info, input, chunkSizes: [input.count])
        #expect(reference.transcript.last == "<close>" || reference.transactions.count > 0)
        let byteByByte = run(info, input, chunkSizes: repeatElement(1, count: input.count))
        #expect(byteByByte.transcript == reference.transcript)
        #expect(byteByByte.transactions == reference.transactions)
        var rng = SplitMix64(state: UInt64(index))
        for _ in 0..<50 {
            let sizes = (0..<input.count).map { _ in Int.random(in: 1...40, using: &rng) }
            let chunked = run(info, input, chunkSizes: sizes)
            #expect(chunked.transcript == reference.transcript)
            #expect(chunked.transactions == reference.transactions)
        }
    }

    /// RFC 2034: every reply carries an enhanced status code, except the greeting, the EHLO/HELO reply and the
    /// 334/354 intermediate replies.
    @Test(arguments: 0..<3)
    func everyReplyHasAnEnhancedStatusCode(index: Int) {
        let (info, text) = Self.transcripts[index]
        let driver = run(info, Array(text.utf8), chunkSizes: [text.utf8.count])
        let exempt = [
            "220 mx.steadymail.test ESMTP", "250-mx.steadymail.test", "250 mx.steadymail.test", "334 ",
            "354 ",
        ]
        for reply in driver.transcript
        where !reply.hasPrefix("<") && !exempt.contains(where: reply.hasPrefix) {
            let bytes = Array(reply.utf8)
            let hasCode =
                bytes.count > 10 && bytes[3] == UInt8(ascii: " ")
                && [UInt8(ascii: "2"), UInt8(ascii: "4"), UInt8(ascii: "5")].contains(bytes[4])
                && bytes[5] == UInt8(ascii: ".") && bytes[4] == bytes[0]
            #expect(hasCode, "\(reply)")
        }
    }

    @Test func firstTranscriptReadsAsExpected() {
        let (info, text) = Self.transcripts[0]
        let driver = run(info, Array(text.utf8), chunkSizes: [text.utf8.count])
        #expect(
            Array(driver.transcript.dropFirst(2)) == [
                "<authenticate alice secret>", "235 2.7.0 Authentication successful", "250 2.1.0 Ok",
                "250 2.1.5 Ok",
                "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>", "<enqueue 2 rcpt>",
                "250 2.0.0 Ok: queued as Q1",
                "500 5.5.1 Command unrecognized", "500 5.5.1 Command unrecognized", "250 2.1.0 Ok",
                "250 2.1.5 Ok",
                "354 End data with <CR><LF>.<CR><LF>", "<enqueue 1 rcpt>", "250 2.0.0 Ok: queued as Q2",
                "250 2.0.0 Ok",
                "221 2.0.0 mx.steadymail.test Bye", "<close>",
            ])
        #expect(driver.transactions.first?.body == ByteBuffer(string: "Subject: x\r\n\r\n.dot\r\n"))
    }

    @Test func secondTranscriptHasNoSmuggledTransaction() {
        let (info, text) = Self.transcripts[1]
        let driver = run(info, Array(text.utf8), chunkSizes: [text.utf8.count])
        #expect(driver.transactions.isEmpty)
        #expect(driver.transcript.contains("550 5.6.11 Bare CR or LF not allowed"))
        #expect(driver.transcript.contains("500 5.5.2 Line too long"))
    }

    @Test func randomBytesNeverCrashAndStayBounded() {
        var rng = SplitMix64(state: 42)
        let fragments = [
            "\r\n", "\r", "\n", ".", "..", "\0", "EHLO x.example\r\n", "MAIL FROM:<a@b.example>\r\n",
            "RCPT TO:<u@local.example>\r\n", "DATA\r\n", "\r\n.\r\n", "AUTH PLAIN\r\n", "AUTH LOGIN\r\n",
            "*\r\n",
            "STARTTLS\r\n", "RSET\r\n", "QUIT", "SIZE=9", "<", ">", "@", "\"", "\u{FF}", "ü",
        ]
        for iteration in 0..<3_000 {
            var input: [UInt8] = []
            for _ in 0..<Int.random(in: 1...60, using: &rng) {
                if Bool.random(using: &rng) {
                    input += Array((fragments.randomElement(using: &rng) ?? "").utf8)
                } else {
                    input += (0..<Int.random(in: 1...20, using: &rng)).map { _ in
                        UInt8.random(in: 0...255, using: &rng)
                    }
                }
            }
            if iteration % 100 == 0 { input += [UInt8](repeating: 0x41, count: 20_000) }
            let info = [SMTPSessionInfo.untrusted, .trusted, .implicitTLS][iteration % 3]
            let sizes = (0..<input.count).map { _ in Int.random(in: 1...64, using: &rng) }
            let driver = run(info, input, chunkSizes: sizes)
            #expect(driver.maximumBuffered <= 12_288, "iteration \(iteration)")
            #expect(driver.transcript.first == "220 mx.steadymail.test ESMTP Steadymail")
        }
    }
}
