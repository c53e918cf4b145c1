/// Decides whether Steadymail may open a connection to an address chosen by someone else: the SSRF guard of webhook
/// delivery.
///
/// It exists because a webhook URL comes from an API user, and a server that POSTs wherever it is told can be made to
/// reach its own loopback services, a cloud metadata endpoint (169.254.169.254) or the private network behind it.
/// Addresses are judged by their bytes after name resolution, so every spelling of one address (`127.1`, `0x7f.0.0.1`,
/// `2130706433`, `::ffff:7f00:1`) gets the same answer, and IPv6 forms that carry an IPv4 address (IPv4-mapped and
/// IPv4-compatible, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) are judged by the address they carry.
public struct TargetAddressPolicy: Sendable, Equatable {
    /// Whether non-public unicast ranges (loopback, private, link-local, unique-local, CGNAT, documentation, ...) may be
    /// reached, for tests and closed networks. Unspecified, multicast, broadcast and reserved addresses never may.
    public var allowPrivate: Bool

    public init(allowPrivate: Bool) {
        self.allowPrivate = allowPrivate
    }

    /// Why an address given as 4 (IPv4) or 16 (IPv6) network-order bytes must not be dialled; nil when it may be.
    public func refusal(_ bytes: [UInt8]) -> String? {
        guard let range = Self.classify(bytes) else { return nil }
        if range.kind == .nonPublic && allowPrivate { return nil }
        return range.description
    }

    /// Whether `webhooks.allow_private_targets` would let `bytes` through: the address is non-public unicast, not a
    /// non-unicast one that is never dialled. For error messages that tell the operator what to change.
    public static func isOpenedByAllowingPrivate(_ bytes: [UInt8]) -> Bool {
        classify(bytes)?.kind == .nonPublic
    }

    /// Like ``refusal(_:)`` for a textual address (dotted-quad IPv4 or any IPv6 spelling); text that is not an IP
    /// address is refused.
    public func refusal(address text: String) -> String? {
        guard let bytes = IPAddressBytes.parse(text) else { return "not an IP address" }
        return refusal(bytes)
    }

    /// The special range `bytes` lies in, or nil for a public unicast address.
    static func classify(_ bytes: [UInt8]) -> SpecialRange? {
        switch bytes.count {
        case 4:
            return ipv4Ranges.first { $0.network.contains(bytes: bytes) }
        case 16:
            if let embedded = embeddedIPv4(bytes) {
                guard let inner = classify(embedded.address) else { return nil }
                return SpecialRange(inner.cidr, "\(inner.name), inside an \(embedded.form) address", inner.kind)
            }
            if let range = ipv6Ranges.first(where: { $0.network.contains(bytes: bytes) }) { return range }
            return globalUnicast.contains(bytes: bytes) ? nil : reservedIPv6
        default:
            return SpecialRange("0.0.0.0/0", "not an IP address", .never)
        }
    }

    /// The IPv4 address an IPv6 address carries, for the forms that route to it.
    private static func embeddedIPv4(_ bytes: [UInt8]) -> (address: [UInt8], form: String)? {
        if let mapped = IPAddressBytes.unmappedIPv4(bytes) { return (mapped, "IPv4-mapped") }
        if nat64.contains(bytes: bytes) { return (Array(bytes[12..<16]), "NAT64") }
        if sixToFour.contains(bytes: bytes) { return (Array(bytes[2..<6]), "6to4") }
        // IPv4-compatible (::a.b.c.d, deprecated), except :: and ::1, which the table names.
        if bytes[0..<12].allSatisfy({ $0 == 0 }), bytes[12..<15].contains(where: { $0 != 0 }) || bytes[15] > 1 {
            return (Array(bytes[12..<16]), "IPv4-compatible")
        }
        return nil
    }

    /// A named range and whether `allowPrivate` opens it.
    struct SpecialRange: Sendable, Equatable, CustomStringConvertible {
        enum Kind: Sendable, Equatable {
            /// Reachable unicast, but not on the public internet.
            case nonPublic
            /// Not a unicast destination at all.
            case never
        }

        let network: IPNetwork
        /// The range as written in the registry, such as `fe80::/10`.
        let cidr: String
        let name: String
        let kind: Kind

        init(_ cidr: String, _ name: String, _ kind: Kind) {
            self.network = IPNetwork(cidr)!
            self.cidr = cidr
            self.name = name
            self.kind = kind
        }

        /// `loopback (127.0.0.0/8)`; a catch-all range is named without its prefix.
        var description: String { network.prefixLength == 0 ? name : "\(name) (\(cidr))" }
    }

    private static func range(_ cidr: String, _ name: String, _ kind: SpecialRange.Kind = .nonPublic) -> SpecialRange {
        SpecialRange(cidr, name, kind)
    }

    /// IANA's IPv4 special-purpose registry, the ranges that matter for outbound connections; first match names it.
    private static let ipv4Ranges: [SpecialRange] = [
        range("0.0.0.0/8", "unspecified or \"this network\"", .never),
        range("10.0.0.0/8", "private"),
        range("100.64.0.0/10", "shared address space (CGNAT)"),
        range("127.0.0.0/8", "loopback"),
        range("169.254.0.0/16", "link-local"),
        range("172.16.0.0/12", "private"),
        range("192.0.0.0/24", "IETF protocol assignments"),
        range("192.0.2.0/24", "documentation"),
        range("192.88.99.0/24", "6to4 relay anycast"),
        range("192.168.0.0/16", "private"),
        range("198.18.0.0/15", "benchmarking"),
        range("198.51.100.0/24", "documentation"),
        range("203.0.113.0/24", "documentation"),
        range("224.0.0.0/4", "multicast", .never),
        range("255.255.255.255/32", "broadcast", .never),
        range("240.0.0.0/4", "reserved", .never),
    ]

    /// IANA's IPv6 special-purpose registry, for the forms that carry no IPv4 address; first match names it.
    private static let ipv6Ranges: [SpecialRange] = [
        range("::/128", "unspecified", .never),
        range("::1/128", "loopback"),
        range("64:ff9b:1::/48", "local-use NAT64"),
        range("100::/64", "discard-only"),
        range("2001::/32", "Teredo tunnel"),
        range("2001:db8::/32", "documentation"),
        range("3fff::/20", "documentation"),
        range("fc00::/7", "unique-local"),
        range("fe80::/10", "link-local"),
        range("fec0::/10", "site-local (deprecated)"),
        range("ff00::/8", "multicast", .never),
    ]

    private static let nat64 = IPNetwork("64:ff9b::/96")!
    private static let sixToFour = IPNetwork("2002::/16")!
    private static let globalUnicast = IPNetwork("2000::/3")!
    private static let reservedIPv6 = range("::/0", "outside global unicast 2000::/3", .never)
}
