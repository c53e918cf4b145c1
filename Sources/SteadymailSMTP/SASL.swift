/// Decoding of SASL responses (RFC 4954): strict base64 and the PLAIN message.
enum SASL {
    struct Credentials {
        var username: String
        var password: String
    }

    /// Strict RFC 4648 base64: no whitespace, padding only at the end. Nil when malformed.
    static func decodeBase64(_ text: Substring) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        let padding = input.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding <= 2 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var accumulator: UInt32 = 0
        for (index, byte) in input.dropLast(padding).enumerated() {
            guard let value = sextet(byte) else { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            if index % 4 == 3 {
                output += [
                    UInt8(truncatingIfNeeded: accumulator >> 16), UInt8(truncatingIfNeeded: accumulator >> 8),
                    UInt8(truncatingIfNeeded: accumulator),
                ]
                accumulator = 0
            }
        }
        switch padding {
        case 1:
            output += [
                UInt8(truncatingIfNeeded: accumulator >> 10), UInt8(truncatingIfNeeded: accumulator >> 2),
            ]
        case 2:
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        default:
            break
        }
        return output
    }

    /// A base64 text decoded to a UTF-8 string with no control characters (a username). Nil when invalid.
    static func decodeName(_ text: Substring) -> String? {
        guard let bytes = decodeBase64(text), !bytes.isEmpty,
            !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F })
        else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// A base64 text decoded to a UTF-8 string without NUL (a password). Nil when invalid.
    static func decodeSecret(_ text: Substring) -> String? {
        guard let bytes = decodeBase64(text), !bytes.contains(0) else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// RFC 4616 PLAIN: `authzid NUL authcid NUL passwd`; an authzid must be empty or equal to the authcid.
    static func decodePlain(_ text: Substring) -> Credentials? {
        guard let bytes = decodeBase64(text) else { return nil }
        let parts = bytes.split(separator: 0, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[1].isEmpty,
            !parts[1].contains(where: { $0 < 0x20 || $0 == 0x7F }),
            parts[0].isEmpty || parts[0] == parts[1],
            let username = String(validating: parts[1], as: UTF8.self),
            let password = String(validating: parts[2], as: UTF8.self)
        else { return nil }
        return Credentials(username: username, password: password)
    }

    private static func sextet(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
