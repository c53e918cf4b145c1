/// The bounds within which a returned report (a DSN, an ARF report) is read at all.
///
/// It exists because anyone can mail the bounce domain: a report larger than `maximumBytes`, with a line longer than
/// `maximumLineLength`, more MIME parts or nesting than a report ever has, or more recipient blocks than
/// `maximumRecipients`, is refused unread rather than parsed at length. Real reports are a few kilobytes with one
/// recipient block; the defaults leave ample room.
public struct ReportLimits: Sendable, Equatable {
    public var maximumBytes: Int
    public var maximumLineLength: Int
    public var maximumRecipients: Int
    public var maximumParts: Int
    public var maximumDepth: Int

    public init(
        maximumBytes: Int = 1 << 20, maximumLineLength: Int = 10_000, maximumRecipients: Int = 100,
        maximumParts: Int = 32, maximumDepth: Int = 4
    ) {
        self.maximumBytes = maximumBytes
        self.maximumLineLength = maximumLineLength
        self.maximumRecipients = maximumRecipients
        self.maximumParts = maximumParts
        self.maximumDepth = maximumDepth
    }

    /// Whether `content` is within the size and line-length bounds.
    func admits(_ content: [UInt8]) -> Bool {
        guard content.count <= maximumBytes else { return false }
        var lineLength = 0
        for byte in content {
            if byte == UInt8(ascii: "\n") {
                lineLength = 0
            } else {
                lineLength += 1
                if lineLength > maximumLineLength { return false }
            }
        }
        return true
    }
}
