import Testing

@testable import SteadymailDomain

@Suite struct WebhookURLTests {
    func parsed(_ text: String) throws -> WebhookURL {
        switch WebhookURL.parse(text) {
        case .success(let url): return url
        case .failure(let error): throw error
        }
    }

    func refusal(_ text: String) -> String? {
        if case .failure(let error) = WebhookURL.parse(text) { return error.reason }
        return nil
    }

    @Test func plainURLIsTakenApart() throws {
        let url = try parsed("https://Hooks.Example.COM/steadymail/events?token=a%20b#ignored")
        #expect(url.scheme == .https)
        #expect(url.host == "hooks.example.com")
        #expect(url.port == 443)
        #expect(url.target == "/steadymail/events?token=a%20b")
        #expect(url.literalAddress == nil)
        #expect(url.hostHeader == "hooks.example.com")
    }

    @Test func portAndDefaults() throws {
        let url = try parsed("http://example.org:8080")
        #expect(url.port == 8080)
        #expect(url.target == "/")
        #expect(url.hostHeader == "example.org:8080")
        #expect(try parsed("HTTP://example.org/").port == 80)
    }

    @Test func ipLiteralsCarryTheirBytes() throws {
        let v4 = try parsed("http://127.0.0.1:9000/hook")
        #expect(v4.literalAddress == [127, 0, 0, 1])
        #expect(v4.host == "127.0.0.1")
        let v6 = try parsed("http://[::ffff:127.0.0.1]:9000/hook")
        #expect(v6.host == "::ffff:127.0.0.1")
        #expect(v6.literalAddress == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1])
        #expect(v6.hostHeader == "[::ffff:127.0.0.1]:9000")
        #expect(try parsed("http://[::1]/").literalAddress?.count == 16)
    }

    @Test(arguments: [
        ("ftp://example.org/", "http or https"), ("file:///etc/passwd", "http or https"),
        ("gopher://example.org/", "http or https"), ("http://user:secret@example.org/", "user name"),
        ("http://user@example.org/", "user name"), ("http:///path", "no host"), ("example.org/hook", "absolute"),
        ("http://exa mple.org/", "spaces"), ("http://example.org/\r\nX: y", "spaces"),
        ("http://127.1/", "dotted-quad"), ("http://0177.0.0.1/", "dotted-quad"), ("http://0x7f.0.0.1/", "dotted-quad"),
        ("http://2130706433/", "dotted-quad"), ("http://127.0.0.1./", "dotted-quad"),
        ("http://exa_mple.org/", "host name"), ("http://-bad.example/", "host name"),
        ("http://[fe80::1%25eth0]/", "IPv6"), ("http://[::g]/", "IPv6"), ("http://example.org:0/", "port"),
        ("http://ex%61mple.org/", "host name"),
    ])
    func malformedURLsAreRefused(text: String, reason: String) throws {
        let refused = try #require(refusal(text), "\(text) was accepted")
        #expect(refused.contains(reason), "\(text): \(refused)")
    }

    @Test func redirectLocationsResolveAgainstTheURL() throws {
        let base = try parsed("https://example.org/a/b?x=1")
        let relative = try base.resolving("/c/d").get()
        #expect(relative.host == "example.org")
        #expect(relative.target == "/c/d")
        #expect(relative.scheme == .https)
        let absolute = try base.resolving("http://other.example:8080/e").get()
        #expect(absolute.host == "other.example")
        #expect(absolute.port == 8080)
        #expect(absolute.scheme == .http)
        if case .success = base.resolving("ftp://example.org/") { Issue.record("ftp redirect accepted") }
        if case .success = base.resolving("http://0x7f.1/") { Issue.record("numeric redirect host accepted") }
    }
}
