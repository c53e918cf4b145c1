import Foundation

/// Turns a `MessageDraft` into a complete RFC 5322 message with a correct MIME structure.
///
/// It exists so that applications sending through the API never write header or MIME syntax: non-ASCII header text
/// becomes RFC 2047 encoded words, text plus HTML becomes multipart/alternative, attachments make it multipart/mixed,
/// bodies are 7bit when they can be and quoted-printable or base64 otherwise, every line ends in CRLF and stays within
/// 998 octets, and extra headers carrying CR or LF are refused rather than passed through.
public struct MessageComposer: Sendable {
    /// Makes MIME boundaries unique within and across messages; tests pass a fixed one.
    public var boundaryToken: String

    public init(boundaryToken: String) {
        self.boundaryToken = boundaryToken
    }

    /// Header fields Steadymail writes itself; an extra header with one of these names is refused.
    public static let reservedHeaders: Set<String> = [
        "from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version", "content-type",
        "content-transfer-encoding", "content-disposition", "received", "return-path",
    ]

    public func compose(_ draft: MessageDraft) throws(CompositionError) -> [UInt8] {
        guard draft.text != nil || draft.html != nil else { throw .noBody }
        var head: [String] = []
        head.append(try HeaderFolding.fold(name: "From", words: try Self.addressWords([draft.from], field: "from")))
        if !draft.to.isEmpty {
            head.append(try HeaderFolding.fold(name: "To", words: try Self.addressWords(draft.to, field: "to")))
        }
        if !draft.cc.isEmpty {
            head.append(try HeaderFolding.fold(name: "Cc", words: try Self.addressWords(draft.cc, field: "cc")))
        }
        if !draft.replyTo.isEmpty {
            head.append(
                try HeaderFolding.fold(name: "Reply-To", words: try Self.addressWords(draft.replyTo, field: "reply_to"))
            )
        }
        guard !Self.hasControlCharacter(draft.subject) else { throw .controlCharacter(field: "subject") }
        head.append(try HeaderFolding.fold(name: "Subject", words: Self.textWords(draft.subject)))
        head.append("Date: \(InternetDate.rfc5322(draft.date))")
        guard !Self.hasControlCharacter(draft.messageID), !draft.messageID.contains(" ") else {
            throw .controlCharacter(field: "message id")
        }
        head.append("Message-ID: <\(draft.messageID)>")
        for field in draft.headers {
            head.append(try Self.extraHeader(field))
        }
        head.append("MIME-Version: 1.0")
        let body = try self.body(of: draft)
        var output = Array((head + body.headers).joined(separator: "\r\n").utf8)
        output += [13, 10, 13, 10]
        output += body.content
        return output
    }

    // MARK: - Body structure

    /// One MIME entity: its Content-* header lines and its encoded content (ending in CRLF).
    struct Entity {
        var headers: [String]
        var content: [UInt8]
    }

    private func body(of draft: MessageDraft) throws(CompositionError) -> Entity {
        var readable: [Entity] = []
        if let text = draft.text { readable.append(Self.textEntity(text, subtype: "plain")) }
        if let html = draft.html { readable.append(Self.textEntity(html, subtype: "html")) }
        let main =
            readable.count == 1 ? readable[0] : multipart("alternative", readable, level: 1)
        guard !draft.attachments.isEmpty else { return main }
        var parts = [main]
        for attachment in draft.attachments {
            parts.append(try Self.attachmentEntity(attachment))
        }
        return multipart("mixed", parts, level: 0)
    }

    /// The parts between boundary lines. The CRLF before a boundary belongs to the boundary (RFC 2046 5.1.1), so one
    /// is written after each part's own final CRLF: a text part keeps its last line break.
    private func multipart(_ subtype: String, _ parts: [Entity], level: Int) -> Entity {
        let boundary = "=_sm_\(level)_\(boundaryToken)"
        var content: [UInt8] = []
        for part in parts {
            content += Array("--\(boundary)\r\n".utf8)
            content += Array(part.headers.joined(separator: "\r\n").utf8)
            content += [13, 10, 13, 10]
            content += part.content
            content += [13, 10]
        }
        content += Array("--\(boundary)--\r\n".utf8)
        return Entity(headers: ["Content-Type: multipart/\(subtype);\r\n boundary=\"\(boundary)\""], content: content)
    }

    /// Text as 7bit when it is ASCII with short lines, else quoted-printable; line ends become CRLF.
    static func textEntity(_ text: String, subtype: String) -> Entity {
        let lines = normalizedLines(text)
        let sevenBit = lines.allSatisfy { line in line.count <= 998 && line.allSatisfy { $0 < 128 && $0 != 0 } }
        var content: [UInt8] = []
        for line in lines {
            content += sevenBit ? line : QuotedPrintable.encodeLine(line)
            content += [13, 10]
        }
        return Entity(
            headers: [
                "Content-Type: text/\(subtype); charset=utf-8",
                "Content-Transfer-Encoding: \(sevenBit ? "7bit" : "quoted-printable")",
            ], content: content)
    }

    static func attachmentEntity(_ attachment: DraftAttachment) throws(CompositionError) -> Entity {
        let type = attachment.contentType.lowercased()
        let pieces = type.split(separator: "/", omittingEmptySubsequences: false)
        let token: (Substring) -> Bool = { piece in
            !piece.isEmpty
                && piece.utf8.allSatisfy { byte in
                    (33...126).contains(byte) && !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
                }
        }
        guard pieces.count == 2, token(pieces[0]), token(pieces[1]) else {
            throw .invalidContentType(attachment.contentType)
        }
        guard !hasControlCharacter(attachment.filename) else { throw .controlCharacter(field: "attachment filename") }
        let name = parameter(attachment.filename)
        return Entity(
            headers: [
                "Content-Type: \(type);\r\n name=\(name)",
                "Content-Disposition: attachment;\r\n filename=\(name)",
                "Content-Transfer-Encoding: base64",
            ], content: Base64.encodeLines(attachment.content))
    }

    /// A MIME parameter value: a quoted string when ASCII, an RFC 2047 encoded word in quotes otherwise (the form
    /// mail clients read; RFC 2231 is the strict alternative few of them need).
    static func parameter(_ value: String) -> String {
        let escaped: (String) -> String = { text in
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        }
        if EncodedWords.isPlain(value) { return "\"\(escaped(value))\"" }
        return "\"\(EncodedWords.encode(value).joined(separator: " "))\""
    }

    /// The text split into lines at CRLF, CR or LF, without the line ends; a final line end adds no empty line.
    static func normalizedLines(_ text: String) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        var previousWasCR = false
        for byte in text.utf8 {
            if byte == 10, previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = byte == 13
            if byte == 13 || byte == 10 {
                lines.append(line)
                line = []
            } else {
                line.append(byte)
            }
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    // MARK: - Header text

    static func hasControlCharacter(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 32 || $0.value == 127 }
    }

    static func textWords(_ text: String) -> [String] {
        EncodedWords.isPlain(text) ? HeaderFolding.words(text) : EncodedWords.encode(text)
    }

    /// `name <address>, name <address>`, as words that folding keeps whole.
    static func addressWords(_ mailboxes: [NamedMailbox], field: String) throws(CompositionError) -> [String] {
        var words: [String] = []
        for (index, entry) in mailboxes.enumerated() {
            let separator = index < mailboxes.count - 1 ? "," : ""
            guard let name = entry.name, !name.isEmpty else {
                words.append("<\(entry.mailbox)>" + separator)
                continue
            }
            guard !hasControlCharacter(name) else { throw .controlCharacter(field: "\(field) name") }
            words += displayName(name)
            words.append("<\(entry.mailbox)>" + separator)
        }
        return words
    }

    /// A display name as an RFC 5322 phrase: atoms as they are, a quoted string when it has specials, encoded words
    /// when it is not ASCII.
    static func displayName(_ name: String) -> [String] {
        guard EncodedWords.isPlain(name) else { return EncodedWords.encode(name) }
        let atext = name.utf8.allSatisfy { byte in
            byte == 32 || (byte.isASCIIAlphanumeric || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte))
        }
        if atext { return HeaderFolding.words(name) }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return ["\"\(escaped)\""]
    }

    static func extraHeader(_ field: HeaderField) throws(CompositionError) -> String {
        let name = field.name
        guard !name.isEmpty, name.utf8.allSatisfy({ (33...126).contains($0) && $0 != UInt8(ascii: ":") }) else {
            throw .invalidHeaderName(name)
        }
        guard !reservedHeaders.contains(name.lowercased()) else { throw .reservedHeader(name) }
        guard !field.value.unicodeScalars.contains(where: { ($0.value < 32 && $0.value != 9) || $0.value == 127 })
        else { throw .invalidHeaderValue(name: name) }
        return try HeaderFolding.fold(name: name, words: textWords(field.value))
    }
}

extension UInt8 {
    fileprivate var isASCIIAlphanumeric: Bool {
        (48...57).contains(self) || (65...90).contains(self) || (97...122).contains(self)
    }
}
