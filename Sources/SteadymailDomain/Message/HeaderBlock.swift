/// The header section of a message split into raw fields, each kept byte-exact with its folding and CRLFs.
///
/// It exists so that intake can remove, inspect and add fields without re-encoding anything it does not touch: what a
/// client sent is what the relay receives, apart from the edits intake documents.
struct HeaderBlock {
    /// One field: its name and the raw bytes of the whole field (name, colon, value, continuation lines, final CRLF).
    struct Field {
        var name: String
        var raw: ArraySlice<UInt8>

        /// The value with folding removed and surrounding white space trimmed.
        var unfoldedValue: String {
            guard let colon = raw.firstIndex(of: UInt8(ascii: ":")) else { return "" }
            let value = raw[(colon + 1)...].filter {
                $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n")
            }
            return String(decoding: value, as: UTF8.self).trimmingWhitespace()
        }
    }

    var fields: [Field]
    /// The bytes after the header section: the empty separator line and the body, or nothing.
    var rest: ArraySlice<UInt8>

    /// Splits `content` (CRLF lines). The header section ends at the first empty line, at a line that is neither a
    /// field nor a continuation, or at the end of the content.
    init(parsing content: [UInt8]) {
        var parsed: [Field] = []
        var index = content.startIndex
        var fieldStart: Int?
        var fieldName = ""
        func closeField(at end: Int) {
            if let start = fieldStart {
                parsed.append(Field(name: fieldName, raw: content[start..<end]))
            }
            fieldStart = nil
        }
        while index < content.endIndex {
            let lineEnd = HeaderBlock.endOfLine(content, from: index)
            let first = content[index]
            if first == UInt8(ascii: "\r") || first == UInt8(ascii: "\n") {
                break
            }
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                if fieldStart == nil { break }
            } else if let name = HeaderBlock.fieldName(content, from: index, to: lineEnd) {
                closeField(at: index)
                fieldStart = index
                fieldName = name
            } else {
                break
            }
            index = lineEnd
        }
        closeField(at: index)
        fields = parsed
        rest = content[index...]
    }

    func first(named name: String) -> Field? {
        fields.first { $0.name.caseInsensitiveEquals(name) }
    }

    private static func endOfLine(_ content: [UInt8], from start: Int) -> Int {
        var index = start
        while index < content.endIndex {
            if content[index] == UInt8(ascii: "\n") { return index + 1 }
            index += 1
        }
        return index
    }

    /// A field name is printable ASCII except colon, followed by a colon (RFC 5322 2.2).
    private static func fieldName(_ content: [UInt8], from start: Int, to end: Int) -> String? {
        var index = start
        while index < end {
            let byte = content[index]
            if byte == UInt8(ascii: ":") {
                return index > start ? String(decoding: content[start..<index], as: UTF8.self) : nil
            }
            guard byte >= 33, byte <= 126 else { return nil }
            index += 1
        }
        return nil
    }
}

extension String {
    func caseInsensitiveEquals(_ other: String) -> Bool {
        utf8.count == other.utf8.count && lowercased() == other.lowercased()
    }

    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
