/// Finds the references (`{{>partial}}`, `{{<layout}}`) in Mustache text, with their lines, and refuses what
/// Steadymail cannot check.
///
/// It exists because swift-mustache compiles a reference to a missing partial silently (it renders as nothing) and
/// does not expose its tokens: to reject a template that names a missing partial, and to say on which line, the tags
/// are read here. Changed delimiters (`{{=<% %>=}}`) and dynamic partials (`{{>*name}}`) are refused because they
/// would hide references from this check; sections nested deeper than `maximumDepth` are refused because the
/// compiler's recursion must stay bounded.
enum TemplateTagScanner {
    static let maximumDepth = 64

    struct Reference: Equatable {
        var name: String
        var line: Int
    }

    enum Problem: Error, Equatable {
        case unsupported(line: Int, message: String)
    }

    static func references(in text: String) throws(Problem) -> [Reference] {
        let bytes = Array(text.utf8)
        var references: [Reference] = []
        var line = 1
        var depth = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let tagLine = line
            let contentStart = index + 2
            let triple = contentStart < bytes.count && bytes[contentStart] == UInt8(ascii: "{")
            let closing = Array((triple ? "}}}" : "}}").utf8)
            guard let end = find(closing, in: bytes, from: contentStart) else { return references }
            for byte in bytes[contentStart..<end] where byte == UInt8(ascii: "\n") { line += 1 }
            index = end + closing.count
            if triple { continue }
            let content = trimmed(bytes[contentStart..<end])
            guard let sigil = content.first else { continue }
            let rest = String(decoding: trimmed(content.dropFirst()), as: UTF8.self)
            switch sigil {
            case UInt8(ascii: "="):
                throw .unsupported(line: tagLine, message: "changing the delimiters ({{=...=}}) is not supported")
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                if rest.hasPrefix("*") {
                    throw .unsupported(line: tagLine, message: "dynamic partials ({{>*name}}) are not supported")
                }
                references.append(Reference(name: rest, line: tagLine))
                if sigil == UInt8(ascii: "<") { depth += 1 }
            case UInt8(ascii: "#"), UInt8(ascii: "^"), UInt8(ascii: "$"):
                depth += 1
            case UInt8(ascii: "/"):
                depth = max(depth - 1, 0)
            default:
                break
            }
            if depth > maximumDepth {
                throw .unsupported(line: tagLine, message: "sections nest deeper than \(maximumDepth) levels")
            }
        }
        return references
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + needle.count <= bytes.count {
            if bytes[index] == needle[0], Array(bytes[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }

    private static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return bytes[first...last]
    }
}
