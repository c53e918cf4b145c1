import NIOCore
import SteadymailDomain
import Testing

@testable import SteadymailServer

/// The connection-time SSRF check on spellings a resolver turns into loopback, link-local or unspecified addresses.
/// Every host goes through the real system resolver (`getaddrinfo`); nothing is dialled. Names that need DNS (such as
/// `127.0.0.1.nip.io`) are left out: tests run without it.
@Suite struct WebhookTargetResolverTests {
    let strict = WebhookTargetResolver(policy: TargetAddressPolicy(allowPrivate: false))
    let open = WebhookTargetResolver(policy: TargetAddressPolicy(allowPrivate: true))

    func outcome(_ resolver: WebhookTargetResolver, _ host: String) async -> Result<[SocketAddress], any Error> {
        do {
            return .success(try await resolver.addresses(host: host, port: 8080, within: .seconds(10)))
        } catch {
            return .failure(error)
        }
    }

    @Test(arguments: [
        ("127.1", "loopback"), ("0177.0.0.1", "loopback"), ("0x7f.0.0.1", "loopback"), ("2130706433", "loopback"),
        ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:7f00:1", "loopback"), ("localhost", "loopback"), ("0:0:0:0:0:ffff:169.254.169.254", "link-local"),
        ("169.254.169.254", "link-local"), ("0.0.0.0", "unspecified"), ("::", "unspecified"), ("0", "unspecified"),
        ("10.1.1.1", "private"), ("0xa9.0xfe.0xa9.0xfe", "link-local"),
    ])
    func trickySpellingsAreRefusedAfterResolution(host: String, range: String) async {
        switch await outcome(strict, host) {
        case .success(let addresses):
            Issue.record("\(host) was allowed: \(addresses)")
        case .failure(let error):
            guard case .refused(let reason) = error as? WebhookAttemptError else {
                Issue.record("\(host): \(error), expected a refusal")
                return
            }
            #expect(reason.contains(range), "\(host): \(reason)")
            let unicast = range != "unspecified"
            #expect(reason.contains("allow_private_targets") == unicast, "\(host): \(reason)")
            #expect(reason.contains("never a webhook target") == !unicast, "\(host): \(reason)")
        }
    }

    /// `localhost.` is answered from /etc/hosts by some resolvers and not at all by others: either way it is not
    /// dialled.
    @Test func theRootedLocalhostIsNeverAllowed() async {
        if case .success(let addresses) = await outcome(strict, "localhost.") {
            Issue.record("localhost. was allowed: \(addresses)")
        }
    }

    @Test func allowingPrivateTargetsLetsLoopbackThroughWithThePort() async throws {
        let addresses = try await open.addresses(host: "127.1", port: 8080, within: .seconds(10))
        #expect(addresses.map(\.ipAddress) == ["127.0.0.1"])
        #expect(addresses.map(\.port) == [8080])
        let local = try await open.addresses(host: "localhost", port: 8080, within: .seconds(10))
        #expect(local.contains { $0.ipAddress == "127.0.0.1" || $0.ipAddress == "::1" })
    }

    @Test func unspecifiedAddressesStayRefusedWhenPrivateTargetsAreAllowed() async {
        for host in ["0.0.0.0", "::", "::ffff:0.0.0.0"] {
            if case .success = await outcome(open, host) { Issue.record("\(host) was allowed") }
        }
    }

    @Test func publicLiteralsPass() async throws {
        let v4 = try await strict.addresses(host: "93.184.216.34", port: 443, within: .seconds(10))
        #expect(v4.map(\.ipAddress) == ["93.184.216.34"])
        let mapped = try await strict.addresses(host: "::ffff:8.8.8.8", port: 443, within: .seconds(10))
        #expect(mapped.count == 1)
    }

    @Test func oneRefusedAddressRefusesTheTarget() throws {
        let public4 = try SocketAddress(ipAddress: "93.184.216.34", port: 80)
        let loopback = try SocketAddress(ipAddress: "127.0.0.1", port: 80)
        #expect(try strict.vet([public4], host: "example.org") == [public4])
        #expect(throws: WebhookAttemptError.self) { try strict.vet([public4, loopback], host: "example.org") }
        #expect(throws: WebhookAttemptError.self) { try strict.vet([], host: "example.org") }
    }

    /// The lookup and the time limit race; whichever ends first answers, and the call always returns.
    @Test func aTinyTimeLimitAnswersOneWayOrTheOther() async {
        for _ in 0..<50 {
            do {
                let addresses = try await open.addresses(host: "127.0.0.1", port: 80, within: .nanoseconds(1))
                #expect(addresses.map(\.ipAddress) == ["127.0.0.1"])
            } catch {
                #expect(error as? WebhookAttemptError == .failed("timed out resolving 127.0.0.1"))
            }
        }
    }

    @Test func unresolvableNamesFailWithoutARefusal() async {
        guard case .failure(let error) = await outcome(strict, "no-such-host.invalid") else {
            Issue.record("a .invalid name resolved")
            return
        }
        guard case .failed = error as? WebhookAttemptError else {
            Issue.record("\(error)")
            return
        }
    }
}
