import NIOCore

/// Turns stored message content into a DATA body on the wire.
///
/// It exists because content from the API may hold bare LF or CR, and a line that starts with a dot would end the
/// body early (or be eaten by the server): every line ending becomes CRLF, every line starting with `.` gets another
/// `.` (RFC 5321 4.5.2), and the body ends with CRLF and `.` CRLF.
enum SMTPBodyEncoder {
    static func encode(_ content: ByteBuffer) -> ByteBuffer {
        var output = ByteBuffer()
        output.reserveCapacity(content.readableBytes + content.readableBytes / 32 + 5)
        var atLineStart = true
        var pendingCR = false
        for byte in content.readableBytesView {
            if pendingCR {
                pendingCR = false
                output.writeStaticString("\r\n")
                atLineStart = true
                if byte == 0x0A { continue }
            }
            switch byte {
            case 0x0D:
                pendingCR = true
            case 0x0A:
                output.writeStaticString("\r\n")
                atLineStart = true
            default:
                if atLineStart && byte == UInt8(ascii: ".") { output.writeInteger(byte) }
                output.writeInteger(byte)
                atLineStart = false
            }
        }
        if pendingCR || !atLineStart { output.writeStaticString("\r\n") }
        output.writeStaticString(".\r\n")
        return output
    }
}
