import Testing

@testable import SteadymailDomain

@Suite struct IPNetworkTests {
    @Test func ipv4NetworkContainsItsAddresses() throws {
        let network = try #require(IPNetwork("127.0.0.0/8"))
        #expect(network.contains("127.0.0.1"))
        #expect(network.contains("127.255.255.255"))
        #expect(!network.contains("128.0.0.1"))
        #expect(!network.contains("10.0.0.1"))
    }

    @Test func hostBitsAreCleared() throws {
        let network = try #require(IPNetwork("192.168.1.77/24"))
        #expect(network.description == "192.168.1.0/24")
        #expect(network.contains("192.168.1.1"))
    }

    @Test func oddPrefixLengths() throws {
        let network = try #require(IPNetwork("10.0.0.0/9"))
        #expect(network.contains("10.127.0.1"))
        #expect(!network.contains("10.128.0.1"))
        let everything = try #require(IPNetwork("0.0.0.0/0"))
        #expect(everything.contains("203.0.113.9"))
    }

    @Test func bareAddressIsAHostRoute() throws {
        let ipv4 = try #require(IPNetwork("192.0.2.1"))
        #expect(ipv4.prefixLength == 32)
        #expect(ipv4.contains("192.0.2.1"))
        #expect(!ipv4.contains("192.0.2.2"))
        let ipv6 = try #require(IPNetwork("2001:db8::1"))
        #expect(ipv6.prefixLength == 128)
        #expect(ipv6.contains("2001:0db8:0000:0000:0000:0000:0000:0001"))
    }

    @Test func ipv6LoopbackInEverySpelling() throws {
        let network = try #require(IPNetwork("::1/128"))
        #expect(network.contains("::1"))
        #expect(network.contains("0:0:0:0:0:0:0:1"))
        #expect(network.contains("0000::0001"))
        #expect(!network.contains("::2"))
        #expect(!network.contains("127.0.0.1"))
    }

    @Test func ipv6Prefixes() throws {
        let network = try #require(IPNetwork("2001:db8::/32"))
        #expect(network.contains("2001:db8:ffff::1"))
        #expect(network.contains("2001:DB8::"))
        #expect(!network.contains("2001:db9::1"))
        #expect(network.contains("2001:db8::1%eth0"))
    }

    @Test func ipv4MappedAddressesMatchIPv4Networks() throws {
        let network = try #require(IPNetwork("127.0.0.0/8"))
        #expect(network.contains("::ffff:127.0.0.1"))
        #expect(network.contains("::ffff:7f00:1"))
        #expect(!network.contains("::ffff:10.0.0.1"))
    }

    @Test func mappedNetworkMatchesIPv4Addresses() throws {
        let network = try #require(IPNetwork("::ffff:0:0/96"))
        #expect(network.contains("203.0.113.5"))
        #expect(network.contains("::ffff:203.0.113.5"))
        #expect(!network.contains("2001:db8::1"))
    }

    @Test(arguments: [
        "", "/8", "127.0.0.0/", "127.0.0.0/33", "::1/129", "256.0.0.1", "1.2.3", "1.2.3.4.5",
        "01.2.3.4",
        "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "g::1", "127.0.0.0/-1", "127.0.0.0/8/8", "::1 ",
        "1.2.3.4::", "1.2.3.4::1", "::1.2.3.4:1",
    ])
    func malformedNetworksAreRefused(_ text: String) {
        #expect(IPNetwork(text) == nil)
    }

    @Test func malformedAddressesAreNotContained() throws {
        let network = try #require(IPNetwork("0.0.0.0/0"))
        #expect(!network.contains("not an address"))
        #expect(!network.contains(""))
    }

    @Test func descriptionIsCanonical() throws {
        #expect(try #require(IPNetwork("::1/128")).description == "0:0:0:0:0:0:0:1/128")
        #expect(try #require(IPNetwork("10.1.2.3/8")).description == "10.0.0.0/8")
    }
}
