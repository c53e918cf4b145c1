/// The unique mark of one canary message: 32 lowercase hexadecimal digits (128 random bits), written in the
/// `X-Steadymail-Canary` header and in the subject.
///
/// It exists so that the canary mailbox can tell which run a returning message belongs to, and so that a relay that
/// drops unknown `X-` headers still lets the message be recognised by its subject. A token cannot be guessed, so
/// mail from outside cannot make a dead relay look alive.
enum CanaryToken {
    static let header = "X-Steadymail-Canary"
    static let length = 32

    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return make(using: &generator)
    }

    static func make(using generator: inout some RandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<length).map { _ in digits[Int(generator.next() % 16)] })
    }

    static func isValid(_ text: some StringProtocol) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The token of a message: the `X-Steadymail-Canary` field's value when it is one, else the first word of the
    /// subject that is one. Only the header section is read, at most `byteLimit` bytes of it.
    static func extract(from content: [UInt8], byteLimit: Int = 65_536) -> String? {
        var subject: String?
        for field in headerFields(content, byteLimit: byteLimit) {
            guard let colon = field.firstIndex(of: ":") else { continue }
            let name = field[..<colon].blankTrimmed().lowercased()
            let value = field[field.index(after: colon)...].blankTrimmed()
            if name == header.lowercased(), isValid(value) { return value }
            if name == "subject", subject == nil { subject = value }
        }
        return subject?.split(whereSeparator: { $0 == " " || $0 == "\t" }).first(where: isValid).map(String.init)
    }

    /// The unfolded fields of the header section (split on bytes: a CRLF is one `Character` in Swift).
    private static func headerFields(_ content: [UInt8], byteLimit: Int) -> [String] {
        var fields: [String] = []
        for rawLine in content.prefix(byteLimit).split(separator: 0x0A, omittingEmptySubsequences: false) {
            let line = String(decoding: rawLine.last == 0x0D ? rawLine.dropLast() : rawLine, as: UTF8.self)
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1] += " " + line.blankTrimmed()
            } else {
                fields.append(line)
            }
        }
        return fields
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    fileprivate func blankTrimmed() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
