import NIOCore

/// Splits the control channel's byte stream into JSON lines, refusing any line longer than a bound.
///
/// It exists because the control socket must never buffer without limit, whatever a local client sends.
struct NewlineFramer: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    let maximumLength: Int

    struct LineTooLong: Error {}

    mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let readable = buffer.readableBytesView
        guard let newline = readable.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > maximumLength { throw LineTooLong() }
            return nil
        }
        let length = newline - readable.startIndex
        guard length <= maximumLength else { throw LineTooLong() }
        let line = buffer.readSlice(length: length)
        buffer.moveReaderIndex(forwardBy: 1)
        return line
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}
