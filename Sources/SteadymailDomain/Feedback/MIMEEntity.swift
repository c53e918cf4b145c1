import Foundation

/// One MIME entity of a received report: its header fields, its content type and, for a multipart, its parts.
///
/// It exists so that the DSN and ARF readers find their machine-readable parts in mail as MTAs really send it: CRLF or
/// bare LF line ends, folded header fields, quoted boundaries, base64 or quoted-printable parts, and a preamble or a
/// missing closing delimiter. It reads only as deep and as wide as `ReportLimits` allows and never fails on garbage:
/// whatever does not parse is simply an entity without the parts looked for.
struct MIMEEntity {
    var fields: [HeaderField]
    var contentType: MIMEContentType
    /// The body as sent, transfer encoding not undone.
    var body: ArraySlice<UInt8>
    var parts: [MIMEEntity]

    init(parsing content: ArraySlice<UInt8>, limits: ReportLimits, depth: Int = 0) {
        let block = HeaderBlock(parsing: Array(content))
        fields = block.fields.map { HeaderField(name: $0.name, value: $0.unfoldedValue) }
        var rest = block.rest
        if rest.first == UInt8(ascii: "\r") { rest = rest.dropFirst() }
        if rest.first == UInt8(ascii: "\n") { rest = rest.dropFirst() }
        body = rest
        let typeValue = fields.first { $0.name.caseInsensitiveEquals("Content-Type") }?.value
        contentType = MIMEContentType(parsing: typeValue ?? "text/plain")
        parts = []
        if contentType.type == "multipart", let boundary = contentType.parameters["boundary"], !boundary.isEmpty,
            depth < limits.maximumDepth
        {
            parts = Self.split(body, boundary: boundary, limit: limits.maximumParts).map {
                MIMEEntity(parsing: $0, limits: limits, depth: depth + 1)
            }
        }
    }

    /// The unfolded value of the first field named `name`.
    func field(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// The body with its `Content-Transfer-Encoding` (base64, quoted-printable) undone.
    var decodedBody: [UInt8] {
        switch field("Content-Transfer-Encoding")?.lowercased() {
        case "base64":
            return Data(base64Encoded: Data(body), options: .ignoreUnknownCharacters).map(Array.init) ?? []
        case "quoted-printable":
            return QuotedPrintable.decode(body)
        default:
            return Array(body)
        }
    }

    /// This entity and every entity below it, depth first.
    var all: [MIMEEntity] {
        [self] + parts.flatMap(\.all)
    }

    /// The parts of a multipart body between its delimiter lines (`--boundary`, the last `--boundary--`); the line
    /// break before a delimiter belongs to the delimiter. A body cut off before its closing delimiter keeps the parts
    /// seen so far, the last one as far as it goes.
    static func split(_ body: ArraySlice<UInt8>, boundary: String, limit: Int) -> [ArraySlice<UInt8>] {
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex, parts.count < limit {
            var lineEnd = lineStart
            while lineEnd < body.endIndex, body[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            let next = lineEnd < body.endIndex ? lineEnd + 1 : lineEnd
            let line = body[lineStart..<lineEnd]
            if line.starts(with: delimiter) {
                let after = line.dropFirst(delimiter.count)
                let closing = after.starts(with: Array("--".utf8))
                let trailer = closing ? after.dropFirst(2) : after
                if trailer.allSatisfy({
                    $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r")
                }) {
                    if let start = partStart {
                        parts.append(body[start..<precedingBreak(body, lineStart, from: start)])
                    }
                    if closing { return parts }
                    partStart = next
                }
            }
            lineStart = next
        }
        if let start = partStart, parts.count < limit, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }

    /// Where the line break before `lineStart` begins (not before `floor`).
    private static func precedingBreak(_ body: ArraySlice<UInt8>, _ lineStart: Int, from floor: Int) -> Int {
        var end = lineStart
        if end > floor, body[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        if end > floor, body[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return end
    }
}

/// A `Content-Type` value: lowercased type and subtype and its parameters (names lowercased, values unquoted).
struct MIMEContentType: Equatable {
    var type: String
    var subtype: String
    var parameters: [String: String]

    var mediaType: String { "\(type)/\(subtype)" }

    init(parsing value: String) {
        let pieces = Self.splitParameters(value)
        let media = (pieces.first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let slash = media.firstIndex(of: "/")
        type = slash.map { String(media[..<$0]) } ?? media
        subtype = slash.map { String(media[media.index(after: $0)...]) } ?? ""
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let raw = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if parameters[name] == nil { parameters[name] = Self.unquoted(raw) }
        }
        self.parameters = parameters
    }

    /// Splits at semicolons outside quoted strings.
    private static func splitParameters(_ value: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == ";" && !quoted {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        return pieces
    }

    private static func unquoted(_ raw: String) -> String {
        guard raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") else { return raw }
        var result = ""
        var escaped = false
        for character in raw.dropFirst().dropLast() {
            if escaped || character != "\\" {
                result.append(character)
                escaped = false
            } else {
                escaped = true
            }
        }
        return result
    }
}
