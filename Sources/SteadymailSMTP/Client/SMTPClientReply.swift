/// One reply of a remote SMTP server, as received by our client.
///
/// It exists so that the delivery layer decides on values (code class, RFC 3463 enhanced status, text) and records
/// the remote answer for every recipient verbatim, without parsing wire text again.
public struct SMTPClientReply: Equatable, Sendable, CustomStringConvertible {
    public var code: Int
    /// The RFC 2034 enhanced status code (`5.1.1`) at the start of the first line, when the server sent one.
    public var enhancedStatus: String?
    /// The text of each line after the code and its separator, control characters replaced by `?`.
    public var lines: [String]

    /// A reply as received: the enhanced status code is read from the first line.
    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
        self.enhancedStatus = Self.enhancedStatus(in: self.lines[0], code: code)
    }

    /// A reply generated locally (a refusal decided before anything was sent).
    public init(code: Int, enhancedStatus: String, text: String) {
        self.init(code: code, lines: ["\(enhancedStatus) \(text)"])
    }

    /// All lines joined by a space.
    public var text: String { lines.joined(separator: " ") }

    public var description: String { "\(code) \(text)" }

    /// 2xx.
    public var isPositive: Bool { (200..<300).contains(code) }
    /// 3xx: more input is expected (354 after DATA, 334 during AUTH).
    public var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: try again later.
    public var isTransient: Bool { (400..<500).contains(code) }
    /// 5xx: do not try again with the same content.
    public var isPermanent: Bool { (500..<600).contains(code) }

    /// `class.subject.detail` at the start of `line`, with the class matching the reply code (RFC 3463).
    private static func enhancedStatus(in line: String, code: Int) -> String? {
        let token = line.prefix { $0 != " " }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "\(code / 100)", [2, 4, 5].contains(code / 100),
            parts.dropFirst().allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCIIDigitCharacter) })
        else { return nil }
        return String(token)
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
