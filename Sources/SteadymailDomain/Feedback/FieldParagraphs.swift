/// The groups of header-like fields that make up a `message/delivery-status` or `message/feedback-report` body,
/// separated by empty lines (RFC 3464 2.1: the per-message fields, then one group per recipient).
///
/// It exists so that both report readers take these bodies apart one way: folded fields joined, CRLF or
/// LF line ends, and lines that are no field at all skipped rather than ending the read.
enum FieldParagraphs {
    static func parse(_ body: [UInt8], maximum: Int) -> [[HeaderField]] {
        var paragraphs: [[HeaderField]] = []
        var current: [HeaderField] = []
        var lineStart = body.startIndex
        while lineStart < body.endIndex, paragraphs.count <= maximum {
            var lineEnd = lineStart
            while lineEnd < body.endIndex, body[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var line = body[lineStart..<lineEnd]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            lineStart = lineEnd + 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) {
                if !current.isEmpty { paragraphs.append(current) }
                current = []
            } else if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
                guard !current.isEmpty else { continue }
                current[current.count - 1].value += " " + String(decoding: line, as: UTF8.self).trimmingWhitespace()
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                line[..<colon].allSatisfy({ $0 >= 33 && $0 <= 126 })
            {
                let name = String(decoding: line[..<colon], as: UTF8.self)
                let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingWhitespace()
                current.append(HeaderField(name: name, value: value))
            }
        }
        if !current.isEmpty, paragraphs.count <= maximum { paragraphs.append(current) }
        return paragraphs
    }
}

extension [HeaderField] {
    /// The value of the first field named `name`, compared without case.
    func value(_ name: String) -> String? {
        first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// The values of every field named `name`.
    func values(_ name: String) -> [String] {
        filter { $0.name.caseInsensitiveEquals(name) }.map(\.value)
    }
}
