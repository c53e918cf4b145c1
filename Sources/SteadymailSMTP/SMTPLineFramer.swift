import NIOCore

/// Splits an SMTP byte stream into lines ending ONLY at CRLF, with a maximum line length.
///
/// It exists because line framers that also end lines at a bare LF (such as NIOExtras' `LineBasedFrameDecoder`)
/// let `<LF>.<LF>` end a DATA body: SMTP smuggling. A bare CR or LF stays inside the line and is flagged.
/// A line longer than `maximumLineLength` octets (CRLF included) yields one `.overlong` and is discarded through
/// its CRLF while holding at most one byte, however long it is.
public struct SMTPLineFramer: NIOSingleStepByteToMessageDecoder, Sendable {
    public typealias InboundOut = SMTPInboundLine

    /// The longest line accepted, counting its CRLF. May be changed between calls (command versus DATA lines).
    public var maximumLineLength: Int
    private var discarding = false

    public init(maximumLineLength: Int) {
        self.maximumLineLength = maximumLineLength
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> SMTPInboundLine? {
        nextLine(from: &buffer)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> SMTPInboundLine?
    {
        if let line = nextLine(from: &buffer) { return line }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return nil
    }

    /// The next complete item, or nil when more bytes are needed.
    public mutating func nextLine(from buffer: inout ByteBuffer) -> SMTPInboundLine? {
        if discarding {
            guard Self.skipThroughCRLF(&buffer) else { return nil }
            discarding = false
        }
        let limit = max(maximumLineLength, 2)
        let lineFeedOffset = buffer.withUnsafeReadableBytes { bytes -> Int? in
            let end = min(bytes.count, limit)
            var offset = 1
            while offset < end {
                if bytes[offset] == 0x0A && bytes[offset - 1] == 0x0D { return offset }
                offset += 1
            }
            return nil
        }
        guard let lineFeedOffset else {
            guard buffer.readableBytes >= limit else { return nil }
            discarding = true
            return .overlong
        }
        guard let content = buffer.readSlice(length: lineFeedOffset - 1) else { return nil }
        buffer.moveReaderIndex(forwardBy: 2)
        let bare = content.readableBytesView.contains { $0 == 0x0D || $0 == 0x0A }
        return .line(content, containsBareCROrLF: bare)
    }

    /// Drops bytes through the next CRLF (true), or drops all but a trailing CR and asks for more (false).
    private static func skipThroughCRLF(_ buffer: inout ByteBuffer) -> Bool {
        let found = buffer.withUnsafeReadableBytes { bytes -> Int? in
            var offset = 1
            while offset < bytes.count {
                if bytes[offset] == 0x0A && bytes[offset - 1] == 0x0D { return offset }
                offset += 1
            }
            return nil
        }
        if let found {
            buffer.moveReaderIndex(forwardBy: found + 1)
            return true
        }
        let keep = buffer.readableBytesView.last == 0x0D ? 1 : 0
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes - keep)
        return false
    }
}
