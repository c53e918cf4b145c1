import NIOCore
import NIOTestUtils
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPLineFramerTests {
    private func line(_ text: String, bare: Bool = false) -> SMTPInboundLine {
        .line(ByteBuffer(string: text), containsBareCROrLF: bare)
    }

    @Test func verifierAgreesForEveryChunking() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            stringInputOutputPairs: [
                ("abc\r\n", [line("abc")]),
                ("\r\n", [line("")]),
                ("one\r\ntwo\r\n", [line("one"), line("two")]),
                ("a\nb\r\n", [line("a\nb", bare: true)]),
                ("a\rb\r\n", [line("a\rb", bare: true)]),
                ("\r\r\n", [line("\r", bare: true)]),
                ("x\n.\n\r\n", [line("x\n.\n", bare: true)]),
                ("\n.\r\n", [line("\n.", bare: true)]),
                ("123456\r\n", [line("123456")]),
                ("1234567\r\n", [.overlong]),
                ("0123456789abcdef\r\nok\r\n", [.overlong, line("ok")]),
                ("0123456789\r0123\n\r\nok\r\n", [.overlong, line("ok")]),
                ("12345678\r\r\nz\r\n", [.overlong, line("z")]),
            ],
            decoderFactory: { SMTPLineFramer(maximumLineLength: 8) })
    }

    @Test func neverSplitsOnBareLineFeed() {
        var framer = SMTPLineFramer(maximumLineLength: 1000)
        var buffer = ByteBuffer(string: "a\nb\n.\nc")
        #expect(framer.nextLine(from: &buffer) == nil)
        buffer.writeString("\r\n")
        #expect(framer.nextLine(from: &buffer) == line("a\nb\n.\nc", bare: true))
    }

    @Test func megabytesWithoutCRLFUseBoundedMemory() {
        var framer = SMTPLineFramer(maximumLineLength: 512)
        var buffer = ByteBuffer()
        var items: [SMTPInboundLine] = []
        for _ in 0..<64 {
            buffer.writeBytes([UInt8](repeating: UInt8(ascii: "A"), count: 32_768))
            while let item = framer.nextLine(from: &buffer) { items.append(item) }
            #expect(buffer.readableBytes <= 512)
        }
        buffer.writeString("\r\nNOOP\r\n")
        while let item = framer.nextLine(from: &buffer) { items.append(item) }
        #expect(items == [.overlong, line("NOOP")])
    }

    @Test func crlfSplitAcrossWritesWhileDiscarding() {
        var framer = SMTPLineFramer(maximumLineLength: 4)
        var buffer = ByteBuffer(string: "abcdefgh\r")
        #expect(framer.nextLine(from: &buffer) == .overlong)
        #expect(framer.nextLine(from: &buffer) == nil)
        #expect(buffer.readableBytes == 1)
        buffer.writeString("\nok\r\n")
        #expect(framer.nextLine(from: &buffer) == line("ok"))
    }

    @Test func limitCanChangeBetweenLines() {
        var framer = SMTPLineFramer(maximumLineLength: 4)
        var buffer = ByteBuffer(string: "abcdef\r\nabcdef\r\n")
        #expect(framer.nextLine(from: &buffer) == .overlong)
        framer.maximumLineLength = 100
        #expect(framer.nextLine(from: &buffer) == line("abcdef"))
    }
}
