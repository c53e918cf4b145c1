/// An IPv4 or IPv6 network in CIDR notation, such as `127.0.0.0/8` or `::1/128`.
///
/// It exists so that the SMTP intake can decide whether a client address belongs to a configured relay network
/// (allowed to submit without AUTH). IPv4-mapped IPv6 client addresses (`::ffff:127.0.0.1`) match IPv4 networks, because
/// a dual-stack listener reports IPv4 peers that way.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The network address bytes (4 for IPv4, 16 for IPv6) with host bits cleared.
    public let address: [UInt8]
    /// The number of leading bits that identify the network.
    public let prefixLength: Int

    /// Parses `address/prefix`; a bare address is a host route (`/32` or `/128`). Returns nil for malformed text.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = IPAddressBytes.parse(String(parts[0])) else { return nil }
        let maximum = bytes.count * 8
        var length = maximum
        if parts.count == 2 {
            guard !parts[1].isEmpty, parts[1].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isNumber),
                let parsed = Int(parts[1]), parsed <= maximum
            else { return nil }
            length = parsed
        }
        address = IPNetwork.masked(bytes, prefixLength: length)
        prefixLength = length
    }

    /// Whether the textual address (IPv4, IPv6 in any spelling, or IPv4-mapped IPv6) lies inside this network.
    public func contains(_ text: String) -> Bool {
        guard var bytes = IPAddressBytes.parse(text) else { return false }
        if address.count == 4, let unmapped = IPAddressBytes.unmappedIPv4(bytes) {
            bytes = unmapped
        } else if address.count == 16, bytes.count == 4 {
            bytes = IPAddressBytes.mappedIPv6(bytes)
        }
        return contains(bytes: bytes)
    }

    /// Whether an address of the same family (4 or 16 network-order bytes) lies inside this network; no mapping.
    public func contains(bytes: [UInt8]) -> Bool {
        guard bytes.count == address.count else { return false }
        return IPNetwork.masked(bytes, prefixLength: prefixLength) == address
    }

    /// The canonical CIDR text: dotted quad for IPv4, uncompressed lowercase hex groups for IPv6.
    public var description: String {
        if address.count == 4 {
            return address.map(String.init).joined(separator: ".") + "/\(prefixLength)"
        }
        let groups = stride(from: 0, to: 16, by: 2).map {
            String(UInt16(address[$0]) << 8 | UInt16(address[$0 + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "/\(prefixLength)"
    }

    private static func masked(_ bytes: [UInt8], prefixLength: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let bitsInByte = min(max(prefixLength - index * 8, 0), 8)
            let mask: UInt8 = bitsInByte == 0 ? 0 : ~UInt8(0) << (8 - bitsInByte)
            return byte & mask
        }
    }
}
