/// Rewrites a message with 8-bit body octets into 7-bit MIME, so it can go to a relay that does not offer 8BITMIME
/// (RFC 6152 section 3): every 8-bit leaf part is re-encoded as quoted-printable and its
/// `Content-Transfer-Encoding` set accordingly; multipart bodies are walked part by part.
///
/// It exists because a relay without 8BITMIME must not receive 8-bit data, and refusing the message there would turn a
/// relay's limitation into a failure of the sender's mail. Headers are never changed beyond the transfer encoding: a
/// message with 8-bit header octets, or an 8-bit `message/*` part, cannot be downgraded and `downgrade` returns nil.
public enum EightBitDowngrader {
    /// The 7-bit form of `content`, or nil when it cannot be expressed in 7 bits without changing its meaning.
    public static func downgrade(_ content: [UInt8]) -> [UInt8]? {
        downgradeEntity(ArraySlice(content), depth: 0)
    }

    private static func downgradeEntity(_ entity: ArraySlice<UInt8>, depth: Int) -> [UInt8]? {
        guard depth < 20 else { return nil }
        let block = HeaderBlock(parsing: Array(entity))
        for field in block.fields where field.raw.contains(where: { $0 >= 0x80 }) { return nil }
        let body = Array(block.rest)
        guard body.contains(where: { $0 >= 0x80 }) else { return Array(entity) }
        let contentType = block.first(named: "Content-Type")?.unfoldedValue.lowercased() ?? "text/plain"
        if contentType.hasPrefix("multipart/") {
            guard let boundary = parameter("boundary", in: block.first(named: "Content-Type")?.unfoldedValue ?? "")
            else { return nil }
            guard let parts = downgradeMultipart(body, boundary: Array(boundary.utf8), depth: depth) else { return nil }
            return rawHeaders(block, dropping: nil) + parts
        }
        if contentType.hasPrefix("message/") { return nil }
        var output = rawHeaders(block, dropping: "Content-Transfer-Encoding")
        output.append(contentsOf: Array("Content-Transfer-Encoding: quoted-printable\r\n".utf8))
        output.append(contentsOf: QuotedPrintable.encode(separatorAndBody: body))
        return output
    }

    /// Splits a multipart body on its boundary lines, downgrades each part, and joins them again byte for byte.
    private static func downgradeMultipart(_ body: [UInt8], boundary: [UInt8], depth: Int) -> [UInt8]? {
        let delimiter = Array("--".utf8) + boundary
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        for index in body.indices where body[index] == UInt8(ascii: "\n") {
            lines.append(body[start...index])
            start = index + 1
        }
        if start < body.count { lines.append(body[start...]) }
        var output: [UInt8] = []
        var part: [UInt8]?
        for line in lines {
            let isDelimiter = line.starts(with: delimiter)
            if isDelimiter {
                if let current = part {
                    let (entity, lineBreak) = splitTrailingLineBreak(current)
                    guard let converted = downgradeEntity(ArraySlice(entity), depth: depth + 1) else { return nil }
                    output.append(contentsOf: converted + lineBreak)
                }
                output.append(contentsOf: line)
                let closing = line.dropFirst(delimiter.count).starts(with: Array("--".utf8))
                part = closing ? nil : []
            } else if part != nil {
                part?.append(contentsOf: line)
            } else {
                output.append(contentsOf: line)
            }
        }
        if let current = part { output.append(contentsOf: current) }
        return output
    }

    /// A part ends with the line break that belongs to the following delimiter (RFC 2046 5.1.1).
    private static func splitTrailingLineBreak(_ part: [UInt8]) -> ([UInt8], [UInt8]) {
        if part.count >= 2, part[part.count - 2] == 13, part[part.count - 1] == 10 {
            return (Array(part.dropLast(2)), [13, 10])
        }
        return (part, [])
    }

    private static func rawHeaders(_ block: HeaderBlock, dropping name: String?) -> [UInt8] {
        var output: [UInt8] = []
        for field in block.fields where name.map({ !field.name.caseInsensitiveEquals($0) }) ?? true {
            output.append(contentsOf: field.raw)
        }
        return output
    }

    /// The value of a `name=value` or `name="value"` parameter of a structured header value.
    static func parameter(_ name: String, in value: String) -> String? {
        for piece in value.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var result = pair[1].trimmingCharacters(in: .whitespaces)
            if result.hasPrefix("\""), result.hasSuffix("\""), result.count >= 2 {
                result = String(result.dropFirst().dropLast())
            }
            return result
        }
        return nil
    }
}

/// RFC 2045 section 6.7 quoted-printable encoding of a body, line by line, with lines of at most 76 characters.
enum QuotedPrintable {
    /// Encodes `separatorAndBody` (the empty line that ends the headers, then the body), keeping the separator.
    static func encode(separatorAndBody: [UInt8]) -> [UInt8] {
        var body = ArraySlice(separatorAndBody)
        var output: [UInt8] = []
        if body.starts(with: [13, 10]) {
            output.append(contentsOf: [13, 10])
            body = body.dropFirst(2)
        } else if body.first == 10 {
            output.append(contentsOf: [13, 10])
            body = body.dropFirst()
        }
        var line: [UInt8] = []
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == 13, index + 1 < body.endIndex, body[index + 1] == 10 {
                output.append(contentsOf: encodeLine(line) + [13, 10])
                line = []
                index += 2
                continue
            }
            line.append(byte)
            index += 1
        }
        if !line.isEmpty { output.append(contentsOf: encodeLine(line)) }
        return output
    }

    static func encodeLine(_ line: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        var width = 0
        for (position, byte) in line.enumerated() {
            let isLast = position == line.count - 1
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast)
            let token: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            if width + token.count > 75 {
                output.append(contentsOf: [UInt8(ascii: "="), 13, 10])
                width = 0
            }
            output.append(contentsOf: token)
            width += token.count
        }
        return output
    }
}
