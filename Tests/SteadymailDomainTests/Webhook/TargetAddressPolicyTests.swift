import Testing

@testable import SteadymailDomain

@Suite struct TargetAddressPolicyTests {
    let strict = TargetAddressPolicy(allowPrivate: false)
    let open = TargetAddressPolicy(allowPrivate: true)

    @Test(arguments: [
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "172.32.0.1", "100.128.0.1", "192.169.0.1", "2606:4700::1111",
        "2a00:1450:4001:80b::200e", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1",
    ])
    func publicAddressesMayBeDialled(address: String) {
        #expect(strict.refusal(address: address) == nil, "\(address)")
    }

    @Test(arguments: [
        ("127.0.0.1", "loopback"), ("127.255.255.254", "loopback"), ("10.1.2.3", "private"),
        ("172.16.0.1", "private"), ("172.31.255.255", "private"), ("192.168.1.1", "private"),
        ("100.64.0.1", "CGNAT"), ("100.127.255.255", "CGNAT"), ("169.254.169.254", "link-local"),
        ("192.0.0.8", "IETF protocol assignments"), ("192.0.2.1", "documentation"), ("198.51.100.7", "documentation"),
        ("203.0.113.9", "documentation"), ("198.18.0.1", "benchmarking"), ("198.19.255.255", "benchmarking"),
        ("::1", "loopback"), ("fe80::1", "link-local"), ("febf::1", "link-local"), ("fc00::1", "unique-local"),
        ("fd12:3456::1", "unique-local"), ("fec0::1", "site-local"), ("2001:db8::1", "documentation"),
        ("64:ff9b:1::1", "local-use NAT64"), ("2001:0:4136:e378::1", "Teredo"),
    ])
    func nonPublicRangesAreRefused(address: String, name: String) throws {
        let reason = try #require(strict.refusal(address: address), "\(address) was allowed")
        #expect(reason.contains(name), "\(address): \(reason)")
        #expect(open.refusal(address: address) == nil, "allow_private should open \(address)")
    }

    @Test(arguments: [
        ("0.0.0.0", "unspecified"), ("0.1.2.3", "this network"), ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"), ("255.255.255.255", "broadcast"), ("240.0.0.1", "reserved"),
        ("::", "unspecified"), ("ff02::1", "multicast"), ("4000::1", "outside global unicast"),
    ])
    func nonUnicastAddressesAreRefusedEvenWhenPrivateTargetsAreAllowed(address: String, name: String) throws {
        let reason = try #require(open.refusal(address: address), "\(address) was allowed")
        #expect(reason.contains(name), "\(address): \(reason)")
        #expect(strict.refusal(address: address) != nil)
    }

    @Test(arguments: [
        ("::ffff:127.0.0.1", "loopback"), ("::ffff:7f00:1", "loopback"),
        ("0:0:0:0:0:ffff:169.254.169.254", "link-local"),
        ("::ffff:a9fe:a9fe", "link-local"), ("::127.0.0.1", "loopback"), ("::a00:1", "private"),
        ("64:ff9b::7f00:1", "loopback"), ("64:ff9b::a9fe:a9fe", "link-local"), ("2002:7f00:1::1", "loopback"),
        ("2002:c0a8:101::", "private"), ("::ffff:0.0.0.0", "unspecified"),
    ])
    func ipv6FormsCarryingAnIPv4AddressAreJudgedByIt(address: String, name: String) throws {
        let reason = try #require(strict.refusal(address: address), "\(address) was allowed")
        #expect(reason.contains(name), "\(address): \(reason)")
        #expect(reason.contains("inside an"), "\(address): \(reason)")
    }

    @Test func onlyNonPublicUnicastIsOpenedByAllowingPrivate() {
        #expect(TargetAddressPolicy.isOpenedByAllowingPrivate([127, 0, 0, 1]))
        #expect(TargetAddressPolicy.isOpenedByAllowingPrivate([10, 0, 0, 1]))
        #expect(!TargetAddressPolicy.isOpenedByAllowingPrivate([0, 0, 0, 0]))
        #expect(!TargetAddressPolicy.isOpenedByAllowingPrivate([224, 0, 0, 1]))
        #expect(!TargetAddressPolicy.isOpenedByAllowingPrivate([8, 8, 8, 8]))
    }

    @Test func bytesAndTextAgree() {
        #expect(strict.refusal([127, 0, 0, 1]) == strict.refusal(address: "127.0.0.1"))
        #expect(strict.refusal([8, 8, 8, 8]) == nil)
        #expect(strict.refusal([1, 2, 3]) != nil)
        #expect(strict.refusal(address: "localhost") == "not an IP address")
    }

    @Test func reasonNamesTheRange() {
        #expect(strict.refusal(address: "127.0.0.1") == "loopback (127.0.0.0/8)")
        #expect(strict.refusal(address: "fe80::1") == "link-local (fe80::/10)")
        #expect(
            strict.refusal(address: "::ffff:10.0.0.1") == "private, inside an IPv4-mapped address (10.0.0.0/8)")
    }
}
