/// One SMTP reply: a code, an RFC 3463 enhanced status code and one or more text lines.
///
/// It exists so that the state machine decides replies as values (testable, comparable) and only the channel
/// handler turns them into bytes with `encoded()`. The enhanced status code is nil only where RFC 2034 forbids it
/// or the grammar leaves no room: the 220 greeting, the EHLO/HELO reply and 334 SASL challenges.
public struct SMTPReply: Equatable, Sendable, CustomStringConvertible {
    public var code: Int
    public var enhancedStatusCode: String?
    public var lines: [String]

    public init(code: Int, enhancedStatusCode: String?, lines: [String]) {
        self.code = code
        self.enhancedStatusCode = enhancedStatusCode
        self.lines = lines.isEmpty ? [""] : lines
    }

    public init(_ code: Int, _ enhancedStatusCode: String?, _ text: String) {
        self.init(code: code, enhancedStatusCode: enhancedStatusCode, lines: [text])
    }

    /// The wire form: `250-first\r\n250 last\r\n`, the enhanced code repeated on every line.
    public func encoded() -> String {
        description + "\r\n"
    }

    /// The wire form without the final CRLF, for logs and tests.
    public var description: String {
        let status = enhancedStatusCode.map { "\($0) " } ?? ""
        return lines.enumerated().map { index, line in
            "\(code)\(index == lines.count - 1 ? " " : "-")\(status)\(line)"
        }.joined(separator: "\r\n")
    }

    /// Whether the reply is a permanent (5xx) error.
    public var isPermanentError: Bool { (500..<600).contains(code) }
}
