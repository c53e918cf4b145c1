import NIOCore

/// Cuts complete SMTP replies (`250-a`, `250 b`) out of the byte stream from a server.
///
/// It exists to bound what a hostile relay can make us hold: a line longer than `maximumLineLength` octets
/// (terminator excluded), a reply of more than `maximumLines` lines, a code outside `2yz`–`5yz` (second digit 0–5)
/// or a code that changes between lines is an error, detected before more than one line's worth is buffered.
/// Lines end at LF with an optional CR before it: servers are sloppy, and a reply is never forwarded as data.
struct SMTPReplyParser: Sendable {
    let maximumLineLength: Int
    let maximumLines: Int
    private var buffer = ByteBuffer()
    private var lines: [String] = []
    private var code = 0

    init(maximumLineLength: Int, maximumLines: Int) {
        self.maximumLineLength = maximumLineLength
        self.maximumLines = maximumLines
    }

    /// Bytes received and not yet part of a complete reply line.
    var bufferedByteCount: Int { buffer.readableBytes }

    /// Whether part of a reply has been received.
    var isMidReply: Bool { !lines.isEmpty || buffer.readableBytes > 0 }

    mutating func append(_ bytes: ByteBuffer) {
        var bytes = bytes
        if buffer.readerIndex > 65_536 { buffer.discardReadBytes() }
        buffer.writeBuffer(&bytes)
    }

    /// The next complete reply, or nil when more bytes are needed.
    mutating func next() throws(SMTPReplyError) -> SMTPClientReply? {
        while let line = try nextLine() {
            let (lineCode, isLast, text) = try Self.parse(line)
            if lines.isEmpty {
                code = lineCode
            } else if lineCode != code {
                throw .inconsistentCodes
            }
            lines.append(text)
            if isLast {
                defer { lines = [] }
                return SMTPClientReply(code: code, lines: lines)
            }
            guard lines.count < maximumLines else { throw .tooManyLines(limit: maximumLines) }
        }
        return nil
    }

    private mutating func nextLine() throws(SMTPReplyError) -> [UInt8]? {
        let window = maximumLineLength + 2
        let lineFeed = buffer.readableBytesView.prefix(window).firstIndex(of: 0x0A)
        guard let lineFeed else {
            guard buffer.readableBytes < window else { throw .lineTooLong(limit: maximumLineLength) }
            return nil
        }
        let length = lineFeed - buffer.readerIndex
        var line = buffer.readBytes(length: length) ?? []
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == 0x0D { line.removeLast() }
        if buffer.readableBytes == 0 { buffer.clear() }
        guard line.count <= maximumLineLength else { throw .lineTooLong(limit: maximumLineLength) }
        return line
    }

    /// Code, whether this is the last line, and the sanitised text of one reply line.
    private static func parse(_ line: [UInt8]) throws(SMTPReplyError) -> (Int, Bool, String) {
        guard line.count >= 3, (0x32...0x35).contains(line[0]), (0x30...0x35).contains(line[1]),
            (0x30...0x39).contains(line[2])
        else { throw .malformedCode }
        let code = line.prefix(3).reduce(0) { $0 * 10 + Int($1 - 0x30) }
        guard line.count > 3 else { return (code, true, "") }
        guard line[3] == 0x20 || line[3] == 0x2D else { throw .malformedCode }
        let text = line.dropFirst(4).map { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F ? 0x3F : $0 }
        return (code, line[3] == 0x20, String(decoding: text, as: UTF8.self))
    }
}
