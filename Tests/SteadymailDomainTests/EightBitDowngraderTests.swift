import Testing

@testable import SteadymailDomain

@Suite struct EightBitDowngraderTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Reverses RFC 2045 quoted-printable (soft breaks and =XX), for checking what the encoder produced.
    func decodeQP(_ encoded: String) -> [UInt8] {
        let joined = encoded.replacingOccurrences(of: "=\r\n", with: "")
        var output: [UInt8] = []
        var scalars = Array(joined.utf8)[...]
        while let byte = scalars.popFirst() {
            if byte == UInt8(ascii: "="), scalars.count >= 2,
                let value = UInt8(String(decoding: scalars.prefix(2), as: UTF8.self), radix: 16)
            {
                output.append(value)
                scalars = scalars.dropFirst(2)
            } else {
                output.append(byte)
            }
        }
        return output
    }

    @Test func singlePartBodyBecomesQuotedPrintable() throws {
        let body = "Grüße aus Köln, café = très bien \r\n" + String(repeating: "é", count: 60) + "\r\n"
        let message =
            "Subject: hi\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + body
        let result = try #require(EightBitDowngrader.downgrade(bytes(message)))
        #expect(result.allSatisfy { $0 < 0x80 })
        let output = text(result)
        #expect(output.contains("Content-Transfer-Encoding: quoted-printable\r\n\r\n"))
        #expect(!output.contains("Content-Transfer-Encoding: 8bit"))
        #expect(output.hasPrefix("Subject: hi\r\n"))
        let encodedBody = String(output[output.range(of: "\r\n\r\n")!.upperBound...])
        #expect(decodeQP(encodedBody) == bytes(body))
        for line in encodedBody.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 76, "\(line)") }
        #expect(encodedBody.contains("bien=20\r\n"))
    }

    @Test func onlyTheEightBitPartOfAMultipartIsReencoded() throws {
        let message = """
            Subject: m\r
            Content-Type: multipart/alternative; boundary="XYZ"\r
            \r
            preamble\r
            --XYZ\r
            Content-Type: text/plain\r
            \r
            plain ascii\r
            --XYZ\r
            Content-Type: text/html; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            <p>naïve</p>\r
            --XYZ--\r
            epilogue\r

            """
        let result = try #require(EightBitDowngrader.downgrade(bytes(message)))
        #expect(result.allSatisfy { $0 < 0x80 })
        let output = text(result)
        #expect(output.contains("--XYZ\r\nContent-Type: text/plain\r\n\r\nplain ascii\r\n--XYZ\r\n"))
        #expect(
            output.contains(
                "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>na=C3=AFve</p>\r\n--XYZ--\r\nepilogue\r\n"
            ))
        #expect(
            output.hasPrefix("Subject: m\r\nContent-Type: multipart/alternative; boundary=\"XYZ\"\r\n\r\npreamble\r\n"))
    }

    @Test func eightBitHeadersOrEmbeddedMessagesCannotBeDowngraded() {
        #expect(EightBitDowngrader.downgrade(bytes("Subject: café\r\n\r\nbody é\r\n")) == nil)
        #expect(
            EightBitDowngrader.downgrade(bytes("Content-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\né\r\n")) == nil)
    }

    @Test func sevenBitMessagesAreLeftAlone() throws {
        let message = bytes("Subject: plain\r\n\r\nnothing to do\r\n")
        #expect(EightBitDowngrader.downgrade(message) == message)
    }
}
