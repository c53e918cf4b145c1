extension Mailbox {
    /// Parses an RFC 5321 path such as `<user@example.com>` (a forward path, or a reverse path that is not `<>`).
    ///
    /// A source route (`<@a.example,@b.example:user@c.example>`) is accepted and ignored, as RFC 5321 4.1.2 asks.
    /// Non-ASCII is accepted only when `allowUTF8` is true (SMTPUTF8 was given on MAIL).
    public static func parse(path: String, allowUTF8: Bool) throws(AddressError) -> Mailbox {
        let bytes = Array(path.utf8)
        try AddressGrammar.checkNoControlCharacters(bytes)
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= AddressGrammar.maximumPathLength else { throw .pathTooLong }
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "<"), bytes.last == UInt8(ascii: ">") else {
            throw .missingAngleBrackets
        }
        let inner = bytes[1..<(bytes.count - 1)]
        guard !inner.isEmpty else { throw .nullPathNotAllowed }
        var scanner = AddressScanner(bytes: inner, allowUTF8: allowUTF8)
        try scanner.skipSourceRoute()
        let mailbox = try scanner.mailbox()
        guard scanner.isAtEnd else { throw .trailingCharacters }
        return mailbox
    }

    /// Parses a bare address such as `user@example.com` (for the CLI and API); UTF-8 is allowed.
    ///
    /// Leading and trailing spaces are ignored and one pair of angle brackets is accepted; everything else must match
    /// RFC 5321 exactly, so the result is always safe to put in an envelope.
    public init(parsing text: String) throws(AddressError) {
        var bytes = Array(text.utf8)[...]
        while bytes.first == UInt8(ascii: " ") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: " ") { bytes = bytes.dropLast() }
        if bytes.first == UInt8(ascii: "<") {
            self = try Mailbox.parse(path: String(decoding: bytes, as: UTF8.self), allowUTF8: true)
            return
        }
        try AddressGrammar.checkNoControlCharacters(bytes)
        guard !bytes.isEmpty else { throw .empty }
        guard bytes.count <= AddressGrammar.maximumPathLength - 2 else { throw .pathTooLong }
        var scanner = AddressScanner(bytes: bytes, allowUTF8: true)
        let mailbox = try scanner.mailbox()
        guard scanner.isAtEnd else { throw .trailingCharacters }
        self = mailbox
    }

    /// Whether `text` is a valid domain name or address literal (as in `EHLO` or after `@`).
    public static func isValidDomain(_ text: String, allowUTF8: Bool) -> Bool {
        let bytes = Array(text.utf8)[...]
        guard (try? AddressGrammar.checkNoControlCharacters(bytes)) != nil, !bytes.isEmpty else {
            return false
        }
        var scanner = AddressScanner(bytes: bytes, allowUTF8: allowUTF8)
        guard (try? scanner.domain()) != nil else { return false }
        return scanner.isAtEnd
    }
}
