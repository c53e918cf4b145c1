import Testing

@testable import SteadymailConfig

@Suite struct SyntaxTests {
    @Test(arguments: [
        ("250ms", Duration.milliseconds(250)), ("30s", .seconds(30)), ("5m", .seconds(300)),
        ("4h", .seconds(14_400)),
        ("2d", .seconds(172_800)), ("45", .seconds(45)), ("0", .zero), (" 10 s ", .seconds(10)),
    ])
    func durations(_ text: String, _ expected: Duration) {
        #expect(DurationSyntax.parse(text) == expected)
    }

    @Test(arguments: ["", "s", "5 minutes", "1.5s", "-1s", "5M", "10w", "99999999999999999999d"])
    func badDurations(_ text: String) {
        #expect(DurationSyntax.parse(text) == nil)
    }

    @Test(arguments: [
        ("512KiB", 524_288), ("25MiB", 26_214_400), ("1GiB", 1_073_741_824),
        ("2TiB", 2_199_023_255_552),
        ("10MB", 10_000_000), ("3KB", 3_000), ("1GB", 1_000_000_000), ("4096", 4096), ("7B", 7),
        ("0", 0),
    ])
    func sizes(_ text: String, _ expected: Int) {
        #expect(ByteSizeSyntax.parse(text) == expected)
    }

    @Test(arguments: ["", "MiB", "1.5GiB", "-1", "10mb", "5XB", "9999999999TiB"])
    func badSizes(_ text: String) {
        #expect(ByteSizeSyntax.parse(text) == nil)
    }

    @Test func listenAddresses() throws {
        #expect(
            try ListenAddressSyntax.parse("127.0.0.1:2525").get()
                == ListenAddress(host: "127.0.0.1", port: 2525))
        #expect(try ListenAddressSyntax.parse("[::1]:25").get() == ListenAddress(host: "::1", port: 25))
        #expect(try ListenAddressSyntax.parse("[::]:465").get() == ListenAddress(host: "::", port: 465))
        #expect(
            try ListenAddressSyntax.parse("localhost:65535").get()
                == ListenAddress(host: "localhost", port: 65535))
        #expect(ListenAddress(host: "::1", port: 25).description == "[::1]:25")
    }

    @Test(arguments: [
        ("127.0.0.1", "\"127.0.0.1\" is not host:port or [ipv6]:port"),
        ("::1:25", "\"::1:25\" is not host:port or [ipv6]:port"),
        ("[::1]25", "\"[::1]25\" is not host:port or [ipv6]:port"),
        (":25", "\":25\" has no host"),
        ("host:", "\"host:\" has no numeric port"),
        ("host:http", "\"host:http\" has no numeric port"),
        ("host:0", "port 0 is out of range 1-65535"),
        ("host:99999", "port 99999 is out of range 1-65535"),
    ])
    func badListenAddresses(_ text: String, _ message: String) {
        switch ListenAddressSyntax.parse(text) {
        case .success(let address): Issue.record("accepted \(address)")
        case .failure(let problem): #expect(problem.message == message)
        }
    }

    @Test func domainNamesAreNormalised() {
        #expect(DomainNameSyntax.normalise("Example.COM.") == "example.com")
        #expect(DomainNameSyntax.normalise("mail-1.example.org") == "mail-1.example.org")
        #expect(DomainNameSyntax.normalise("localhost") == "localhost")
    }

    @Test(arguments: [
        "", ".", "-a.com", "a-.com", "a..com", "exa mple.com", "ex_ample.com", "@example.com",
    ])
    func badDomainNames(_ text: String) {
        #expect(DomainNameSyntax.normalise(text) == nil)
    }
}
