import NIOCore

/// Collects a DATA body line by line: undoes dot-stuffing, enforces the size limit, and remembers why the
/// message must be refused (bare CR/LF, overlong line, size) so that the refusal is given only at the real end.
struct SMTPDataReceiver: Sendable {
    private let sizeLimit: Int
    private(set) var body = ByteBuffer()
    private var sawBareLineEnding = false
    private var sawOverlongLine = false
    private var exceededSize = false

    init(sizeLimit: Int) {
        self.sizeLimit = sizeLimit
    }

    private var isRefused: Bool { sawBareLineEnding || sawOverlongLine || exceededSize }

    mutating func append(line content: ByteBuffer, containsBareCROrLF: Bool) {
        if containsBareCROrLF { refuse { $0.sawBareLineEnding = true } }
        guard !isRefused else { return }
        var line = content
        if line.readableBytesView.first == UInt8(ascii: ".") { line.moveReaderIndex(forwardBy: 1) }
        guard body.readableBytes + line.readableBytes + 2 <= sizeLimit else {
            refuse { $0.exceededSize = true }
            return
        }
        body.writeBuffer(&line)
        body.writeBytes([0x0D, 0x0A])
    }

    mutating func appendOverlongLine() {
        refuse { $0.sawOverlongLine = true }
    }

    private mutating func refuse(_ mark: (inout SMTPDataReceiver) -> Void) {
        mark(&self)
        body = ByteBuffer()
    }

    /// The refusal to send at the end of data, or nil when the body is acceptable.
    /// Precedence: bare CR/LF, then overlong line, then size.
    var refusal: SMTPReply? {
        if sawBareLineEnding { return .bareLineEnding }
        if sawOverlongLine { return .textLineTooLong }
        if exceededSize { return .messageTooBig }
        return nil
    }
}
