/// Validation of the inside of an RFC 5321 address literal: `192.0.2.1` or `IPv6:2001:db8::1`.
enum AddressLiteral {
    static func isValid(_ content: ArraySlice<UInt8>) -> Bool {
        let tag = Array("ipv6:".utf8)
        if content.count > tag.count, zip(content, tag).allSatisfy({ asciiLowercased($0) == $1 }) {
            return isIPv6(content.dropFirst(tag.count))
        }
        return isIPv4(content)
    }

    static func isIPv4(_ text: ArraySlice<UInt8>) -> Bool {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
            return part.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } <= 255
        }
    }

    static func isIPv6(_ text: ArraySlice<UInt8>) -> Bool {
        var groups = Array(text)
        if let lastColon = groups.lastIndex(of: UInt8(ascii: ":")),
            groups[(lastColon + 1)...].contains(UInt8(ascii: "."))
        {
            guard isIPv4(groups[(lastColon + 1)...]) else { return false }
            groups.replaceSubrange((lastColon + 1)..., with: Array("0:0".utf8))
        }
        let colon = UInt8(ascii: ":")
        guard
            let doubleColon = groups.indices.dropLast().first(where: {
                groups[$0] == colon && groups[$0 + 1] == colon
            })
        else {
            return areHexGroups(groups[...], count: 8...8)
        }
        let left = groups[..<doubleColon]
        let right = groups[(doubleColon + 2)...]
        let leftCount =
            left.isEmpty ? 0 : left.split(separator: colon, omittingEmptySubsequences: false).count
        let rightCount =
            right.isEmpty ? 0 : right.split(separator: colon, omittingEmptySubsequences: false).count
        guard leftCount + rightCount <= 7 else { return false }
        return (left.isEmpty || areHexGroups(left, count: 1...7))
            && (right.isEmpty || areHexGroups(right, count: 1...7))
    }

    private static func areHexGroups(_ text: ArraySlice<UInt8>, count: ClosedRange<Int>) -> Bool {
        let parts = text.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard count.contains(parts.count) else { return false }
        return parts.allSatisfy { (1...4).contains($0.count) && $0.allSatisfy(isHexDigit) }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(asciiLowercased(byte))
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 0x20 : byte
    }
}
