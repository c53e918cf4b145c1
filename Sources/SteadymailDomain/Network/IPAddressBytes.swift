import Foundation

/// Textual IP addresses turned into their 4 or 16 network-order bytes.
///
/// It exists because relay-network checks receive addresses as text (the way SwiftNIO prints a peer) and must compare
/// them bit by bit against CIDR prefixes, without pulling a networking library into the domain layer.
enum IPAddressBytes {
    /// Parses dotted-quad IPv4 (`192.0.2.1`) or any RFC 4291 IPv6 spelling (`::1`, `fe80::1%eth0`, `::ffff:10.0.0.1`).
    static func parse(_ text: String) -> [UInt8]? {
        if text.contains(":") {
            return parseIPv6(text)
        }
        return parseIPv4(Substring(text))
    }

    /// The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), if it is one.
    static func unmappedIPv4(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff,
            bytes[11] == 0xff
        else {
            return nil
        }
        return Array(bytes[12..<16])
    }

    /// The IPv4-mapped IPv6 form of an IPv4 address.
    static func mappedIPv6(_ bytes: [UInt8]) -> [UInt8] {
        [UInt8](repeating: 0, count: 10) + [0xff, 0xff] + bytes
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                part.count == 1 || part.first != "0", let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func parseIPv6(_ text: String) -> [UInt8]? {
        let withoutZone = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let halves = withoutZone.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        guard let head = parseGroups(Substring(halves[0]), ipv4Tail: halves.count == 1) else {
            return nil
        }
        if halves.count == 1 {
            return head.count == 16 ? head : nil
        }
        guard let tail = parseGroups(Substring(halves[1]), ipv4Tail: true),
            head.count + tail.count <= 14
        else {
            return nil
        }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// Parses colon-separated hex groups; with `ipv4Tail`, the last may be a dotted IPv4 address.
    private static func parseGroups(_ text: Substring, ipv4Tail: Bool) -> [UInt8]? {
        if text.isEmpty { return [] }
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, group) in groups.enumerated() {
            if ipv4Tail, index == groups.count - 1, group.contains(".") {
                guard let ipv4 = parseIPv4(group) else { return nil }
                bytes += ipv4
                continue
            }
            guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit),
                let value = UInt16(group, radix: 16)
            else { return nil }
            bytes += [UInt8(value >> 8), UInt8(value & 0xff)]
        }
        return bytes
    }
}
