/// Character classes and limits of the RFC 5321 / RFC 6531 address grammar, on UTF-8 bytes.
enum AddressGrammar {
    static let maximumPathLength = 256
    static let maximumLocalPartLength = 64
    static let maximumDomainLength = 255
    static let maximumLabelLength = 63

    static func checkNoControlCharacters(_ bytes: some Collection<UInt8>) throws(AddressError) {
        if bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) { throw .controlCharacter }
    }

    static func isAlphaDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }

    /// RFC 5322 `atext` (ASCII only).
    static func isAtext(_ byte: UInt8) -> Bool {
        isAlphaDigit(byte) || Array("!#$%&'*+-/=?^_`{|}~".utf8).contains(byte)
    }

    /// RFC 5321 `qtextSMTP` (ASCII only): printable except `"` and `\`, space allowed.
    static func isQtext(_ byte: UInt8) -> Bool {
        (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    /// Whether `bytes` is an RFC 5321 Dot-string: atoms separated by single dots.
    static func isDotString(_ bytes: ArraySlice<UInt8>, allowUTF8: Bool) -> Bool {
        guard !bytes.isEmpty else { return false }
        let atoms = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return atoms.allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { isAtext($0) || (allowUTF8 && $0 >= 0x80) }
        }
    }
}
