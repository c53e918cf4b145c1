/// A cursor over the UTF-8 bytes of an address that consumes the RFC 5321 productions one by one.
struct AddressScanner {
    private let bytes: ArraySlice<UInt8>
    private var index: Int
    private let allowUTF8: Bool

    init(bytes: ArraySlice<UInt8>, allowUTF8: Bool) {
        self.bytes = bytes
        self.index = bytes.startIndex
        self.allowUTF8 = allowUTF8
    }

    var isAtEnd: Bool { index == bytes.endIndex }

    private var next: UInt8? { index < bytes.endIndex ? bytes[index] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard next == byte else { return false }
        index += 1
        return true
    }

    /// Skips an RFC 5321 `A-d-l ":"` source route if one is present.
    mutating func skipSourceRoute() throws(AddressError) {
        guard next == UInt8(ascii: "@") else { return }
        repeat {
            guard take(UInt8(ascii: "@")) else { throw .invalidSourceRoute }
            do {
                _ = try domain()
            } catch {
                throw .invalidSourceRoute
            }
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: ":")) else { throw .invalidSourceRoute }
    }

    /// `Local-part "@" ( Domain / address-literal )`.
    mutating func mailbox() throws(AddressError) -> Mailbox {
        let start = index
        let local = next == UInt8(ascii: "\"") ? try quotedString() : try dotString()
        guard index - start <= AddressGrammar.maximumLocalPartLength else { throw .localPartTooLong }
        guard take(UInt8(ascii: "@")) else { throw next == nil ? .missingAtSign : .invalidLocalPart }
        return Mailbox(uncheckedLocalPart: local, domain: try domain())
    }

    private mutating func dotString() throws(AddressError) -> String {
        let start = index
        while let byte = next, AddressGrammar.isAtext(byte) || byte == UInt8(ascii: ".") || byte >= 0x80 {
            if byte >= 0x80 && !allowUTF8 { throw .nonASCIIRequiresSMTPUTF8 }
            index += 1
        }
        let text = bytes[start..<index]
        guard AddressGrammar.isDotString(text, allowUTF8: allowUTF8) else { throw .invalidLocalPart }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func quotedString() throws(AddressError) -> String {
        index += 1
        var content: [UInt8] = []
        while let byte = next {
            index += 1
            if byte == UInt8(ascii: "\"") {
                guard !content.isEmpty else { throw .invalidLocalPart }
                return String(decoding: content, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                guard let escaped = next, (0x20...0x7E).contains(escaped) else { throw .invalidLocalPart }
                index += 1
                content.append(escaped)
            } else if byte >= 0x80 {
                guard allowUTF8 else { throw .nonASCIIRequiresSMTPUTF8 }
                content.append(byte)
            } else {
                guard AddressGrammar.isQtext(byte) else { throw .invalidLocalPart }
                content.append(byte)
            }
        }
        throw .invalidLocalPart
    }

    /// `Domain / address-literal`, returned as written.
    mutating func domain() throws(AddressError) -> String {
        if next == UInt8(ascii: "[") { return try addressLiteral() }
        let start = index
        repeat {
            try label()
        } while take(UInt8(ascii: "."))
        guard index - start <= AddressGrammar.maximumDomainLength else { throw .domainTooLong }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func label() throws(AddressError) {
        let start = index
        while let byte = next,
            AddressGrammar.isAlphaDigit(byte) || byte == UInt8(ascii: "-") || byte >= 0x80
        {
            if byte >= 0x80 && !allowUTF8 { throw .nonASCIIRequiresSMTPUTF8 }
            index += 1
        }
        let label = bytes[start..<index]
        guard let first = label.first, let last = label.last, first != UInt8(ascii: "-"),
            last != UInt8(ascii: "-")
        else { throw .invalidDomain }
        guard label.count <= AddressGrammar.maximumLabelLength else { throw .invalidDomain }
    }

    private mutating func addressLiteral() throws(AddressError) -> String {
        let start = index
        index += 1
        while let byte = next, byte != UInt8(ascii: "]") { index += 1 }
        guard take(UInt8(ascii: "]")) else { throw .invalidAddressLiteral }
        guard AddressLiteral.isValid(bytes[(start + 1)..<(index - 1)]) else {
            throw .invalidAddressLiteral
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }
}
