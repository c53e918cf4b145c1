import SteadymailDomain

/// Extracts the few header fields an operator needs to recognise a queued message (the topmost Received, which
/// intake added, then From, To, Subject, Message-ID, Date). It exists as a pure helper so that every storage backend stores the same summary without re-parsing bodies.
///
/// The work is bounded: only the header block is read (up to the first empty line) and never more than `byteLimit`
/// bytes. Folded fields are unfolded; encoded words are kept as written.
public enum HeaderSummary {
    /// The summarized field names, in their canonical spelling.
    public static let fieldNames = ["Received", "From", "To", "Subject", "Message-ID", "Date"]

    /// The default number of bytes of a message examined for its header block.
    public static let defaultByteLimit = 65_536

    /// The first occurrence of each summarized field, in message order, with its canonical name and unfolded value.
    public static func parse(_ content: [UInt8], byteLimit: Int = defaultByteLimit) -> [HeaderField] {
        var fields: [HeaderField] = []
        for raw in rawFields(content, byteLimit: byteLimit) {
            guard let field = summarized(raw), !fields.contains(where: { $0.name == field.name }) else {
                continue
            }
            fields.append(field)
        }
        return fields
    }

    /// The header block split into unfolded fields (continuation lines joined, line breaks removed).
    static func rawFields(_ content: [UInt8], byteLimit: Int) -> [[UInt8]] {
        let end = min(content.count, max(0, byteLimit))
        var fields: [[UInt8]] = []
        var current: [UInt8]?
        var lineStart = 0
        while lineStart < end {
            guard let newline = content[lineStart..<end].firstIndex(of: UInt8(ascii: "\n")) else {
                if end == content.count {
                    append(line: content[lineStart..<end], to: &current, fields: &fields)
                }
                break
            }
            var line = content[lineStart..<newline]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if line.isEmpty { break }
            append(line: line, to: &current, fields: &fields)
            lineStart = newline + 1
        }
        if let current { fields.append(current) }
        return fields
    }

    private static func append(
        line: ArraySlice<UInt8>, to current: inout [UInt8]?, fields: inout [[UInt8]]
    ) {
        let isContinuation = line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t")
        if isContinuation, current != nil {
            current?.append(contentsOf: line)
            return
        }
        if let finished = current { fields.append(finished) }
        current = Array(line)
    }

    private static func summarized(_ raw: [UInt8]) -> HeaderField? {
        guard let colon = raw.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let name = String(decoding: raw[..<colon], as: UTF8.self).trimmingWhitespace()
        guard let canonical = fieldNames.first(where: { $0.lowercased() == name.lowercased() }) else {
            return nil
        }
        let value = String(decoding: raw[(colon + 1)...], as: UTF8.self).trimmingWhitespace()
        return HeaderField(name: canonical, value: value)
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isBlank($0) }),
            let last = lastIndex(where: { !isBlank($0) })
        else {
            return ""
        }
        return String(self[first...last])
    }
}
