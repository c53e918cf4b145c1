import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SteadymailDomain
import SteadymailSMTP
import Testing

@testable import SteadymailServer

@Suite struct NetworkProbeTests {
    let connector = ProbeConnector(group: MultiThreadedEventLoopGroup.singleton)

    private func smtpPeer(_ script: SMTPPeerScript) async throws -> LocalTestServer {
        try await LocalTestServer.start { channel in
            try channel.pipeline.syncOperations.addHandler(ScriptedSMTPPeer(script: script))
        }
    }

    private func smtpProbe(
        port: Int, tls: MonitorTLS = .none, credentials: SMTPClientCredentials? = nil
    ) throws -> SMTPProbe {
        SMTPProbe(
            host: "127.0.0.1", port: port, tls: tls,
            tlsContext: tls == .none ? nil : try TestCertificate.unverifiedClientContext(),
            credentials: credentials, heloName: "probe.test", connector: connector)
    }

    private func run(_ probe: any MonitorProbe, seconds: Double = 30) async -> ProbeResult {
        let now = Date()
        return await probe.run(now: now, deadline: now.addingTimeInterval(seconds))
    }

    @Test func anSMTPPeerThatGreetsAndAnswersEHLOIsUp() async throws {
        let peer = try await smtpPeer(SMTPPeerScript())
        defer { Task { await peer.close() } }
        let result = await run(try smtpProbe(port: peer.port))
        #expect(result.verdict == .up, "\(result.message)")
        #expect(result.message.hasPrefix("220 greeting, EHLO ok in "), "\(result.message)")
        #expect(result.latency != nil)
    }

    @Test func aRefusingGreetingIsDownWithTheReply() async throws {
        let peer = try await smtpPeer(SMTPPeerScript(greeting: "554 5.3.2 not today"))
        defer { Task { await peer.close() } }
        let result = await run(try smtpProbe(port: peer.port))
        #expect(result.verdict == .down)
        #expect(result.message == "greeting refused: 554 5.3.2 not today", "\(result.message)")
    }

    @Test func aRefusedEHLOFallsBackToHELO() async throws {
        let peer = try await smtpPeer(SMTPPeerScript(refuseEHLO: true))
        defer { Task { await peer.close() } }
        let result = await run(try smtpProbe(port: peer.port))
        #expect(result.verdict == .up)
        #expect(result.message.contains("HELO ok (EHLO refused)"), "\(result.message)")
    }

    @Test func startTLSAndAuthAreChecked() async throws {
        let plain = Data("\u{0}user\u{0}secret".utf8).base64EncodedString()
        let peer = try await smtpPeer(
            SMTPPeerScript(tls: try TestCertificate.serverContext(), acceptedPlain: plain))
        defer { Task { await peer.close() } }
        let good = await run(
            try smtpProbe(
                port: peer.port, tls: .starttls,
                credentials: SMTPClientCredentials(username: "user", password: "secret")))
        #expect(good.verdict == .up, "\(good.message)")
        #expect(good.message.hasPrefix("220 greeting, EHLO ok, STARTTLS ok, AUTH ok in "), "\(good.message)")
        let bad = await run(
            try smtpProbe(
                port: peer.port, tls: .starttls, credentials: SMTPClientCredentials(username: "user", password: "no")))
        #expect(bad.verdict == .down)
        #expect(bad.message.hasPrefix("authentication failed: 535"), "\(bad.message)")
    }

    @Test func bytesInjectedAfterStartTLSEndTheSession() async throws {
        let peer = try await smtpPeer(
            SMTPPeerScript(tls: try TestCertificate.serverContext(), injectAfterStartTLS: true))
        defer { Task { await peer.close() } }
        let result = await run(try smtpProbe(port: peer.port, tls: .starttls))
        #expect(result.verdict == .down)
        #expect(result.message.contains("after the reply to STARTTLS"), "\(result.message)")
    }

    @Test func aPeerWithoutSTARTTLSIsDownWhenTLSIsAsked() async throws {
        let peer = try await smtpPeer(SMTPPeerScript())
        defer { Task { await peer.close() } }
        let result = await run(try smtpProbe(port: peer.port, tls: .starttls))
        #expect(result.verdict == .down)
        #expect(result.message == "STARTTLS not offered", "\(result.message)")
    }

    @Test func implicitTLSIsSpokenFromTheFirstByte() async throws {
        let context = try TestCertificate.serverContext()
        let peer = try await LocalTestServer.start { channel in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
            try channel.pipeline.syncOperations.addHandler(ScriptedSMTPPeer(script: SMTPPeerScript()))
        }
        defer { Task { await peer.close() } }
        let result = await run(try smtpProbe(port: peer.port, tls: .implicit))
        #expect(result.verdict == .up, "\(result.message)")
        #expect(result.message.hasPrefix("TLS ok, 220 greeting, EHLO ok in "), "\(result.message)")
    }

    @Test func aVerifyingProbeRefusesASelfSignedCertificate() async throws {
        let peer = try await smtpPeer(SMTPPeerScript(tls: try TestCertificate.serverContext()))
        defer { Task { await peer.close() } }
        let probe = SMTPProbe(
            host: "127.0.0.1", port: peer.port, tls: .starttls,
            tlsContext: try NIOSSLContext(configuration: .makeClientConfiguration()), credentials: nil,
            heloName: "probe.test", connector: connector)
        let result = await run(probe)
        #expect(result.verdict == .down)
        #expect(result.message.hasPrefix("TLS handshake failed"), "\(result.message)")
    }

    @Test func aRefusedPortIsDownAtOnce() async throws {
        let started = ContinuousClock.now
        let result = await run(try smtpProbe(port: 1), seconds: 60)
        #expect(result.verdict == .down)
        #expect(result.message == "cannot connect to 127.0.0.1:1: connection refused", "\(result.message)")
        #expect(result.latency == nil)
        #expect(ContinuousClock.now - started < .seconds(30), "a refusal ends the run, not the deadline")
    }

    @Test func aSilentPeerTimesOutByTheDeadline() async throws {
        let peer = try await smtpPeer(SMTPPeerScript(greeting: nil))
        defer { Task { await peer.close() } }
        let started = ContinuousClock.now
        let result = await run(try smtpProbe(port: peer.port), seconds: 1)
        let took = ContinuousClock.now - started
        #expect(result.verdict == .down)
        #expect(result.message == "timed out after 1 s", "\(result.message)")
        // A probe that ignored its deadline would wait on the silent peer for good; the upper bound leaves room for a
        // machine busy with other builds, where timers fire late.
        #expect(took >= .milliseconds(900) && took < .seconds(8), "\(took)")
    }

    @Test func tcpAcceptedAndRefused() async throws {
        let peer = try await smtpPeer(SMTPPeerScript(greeting: nil))
        defer { Task { await peer.close() } }
        let up = await run(TCPProbe(host: "127.0.0.1", port: peer.port, connector: connector))
        #expect(up.verdict == .up && up.message.hasPrefix("connected to 127.0.0.1:\(peer.port) in "), "\(up.message)")
        let down = await run(TCPProbe(host: "127.0.0.1", port: 1, connector: connector))
        #expect(down.verdict == .down && down.message.contains("connection refused"), "\(down.message)")
    }

    @Test func localhostResolves() async throws {
        let result = await run(DNSProbe(host: "localhost", expectAddress: nil))
        #expect(result.verdict == .up, "\(result.message)")
        #expect(result.message.contains("127.0.0.1") || result.message.contains("::1"), "\(result.message)")
        let expected = await run(DNSProbe(host: "localhost", expectAddress: "127.0.0.1"))
        #expect(expected.verdict == .up, "\(expected.message)")
        let wrong = await run(DNSProbe(host: "localhost", expectAddress: "192.0.2.1"))
        #expect(wrong.verdict == .down)
        #expect(wrong.message.hasSuffix("not to 192.0.2.1"), "\(wrong.message)")
    }

    @Test func aNameThatDoesNotResolveIsDown() async throws {
        let result = await run(DNSProbe(host: "no-such-host.invalid", expectAddress: nil), seconds: 2)
        #expect(result.verdict == .down, "\(result.message)")
    }

    @Test func aCertificateExpiringInTwoDaysIsMeasured() async throws {
        let context = try TestCertificate.serverContext()
        let peer = try await LocalTestServer.start { channel in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
        }
        defer { Task { await peer.close() } }
        func probe(warnDays: Int, failDays: Int) throws -> TLSCertificateProbe {
            TLSCertificateProbe(
                host: "localhost", port: peer.port, warnDays: warnDays, failDays: failDays,
                tlsContext: try TestCertificate.unverifiedClientContext(), connector: connector)
        }
        let failing = await run(try probe(warnDays: 14, failDays: 3))
        #expect(failing.verdict == .down, "\(failing.message)")
        let days = try #require(failing.value)
        #expect(days > 1.9 && days <= 2.0, "\(days)")
        #expect(failing.message.hasPrefix("certificate for localhost expires in 2.0 days ("), "\(failing.message)")
        #expect(await run(try probe(warnDays: 14, failDays: 1)).verdict == .warn)
        #expect(await run(try probe(warnDays: 1, failDays: 1)).verdict == .up)
    }

    @Test func aNonTLSServerGivesNoCertificate() async throws {
        let peer = try await smtpPeer(SMTPPeerScript())
        defer { Task { await peer.close() } }
        let result = await run(
            TLSCertificateProbe(
                host: "127.0.0.1", port: peer.port, warnDays: 14, failDays: 3,
                tlsContext: try TestCertificate.unverifiedClientContext(), connector: connector))
        #expect(result.verdict == .down)
        #expect(result.message.hasPrefix("TLS handshake failed"), "\(result.message)")
    }

    @Test func httpStatusAndBodyAreChecked() async throws {
        let peer = try await LocalTestServer.start { channel in
            try channel.pipeline.syncOperations.addHandler(
                CannedHTTPPeer { target in target == "/ok" ? (200, "all systems nominal") : (500, "broken") })
        }
        defer { Task { await peer.close() } }
        let client = WebhookHTTPClient(
            group: MultiThreadedEventLoopGroup.singleton, tlsContext: try TestCertificate.unverifiedClientContext())
        let base = "http://127.0.0.1:\(peer.port)"
        let ok = await run(HTTPProbe(url: "\(base)/ok", expectStatus: nil, bodyContains: "nominal", client: client))
        #expect(ok.verdict == .up && ok.message.hasPrefix("status 200 in "), "\(ok.message)")
        let missing = await run(HTTPProbe(url: "\(base)/ok", expectStatus: nil, bodyContains: "party", client: client))
        #expect(
            missing.verdict == .down && missing.message.contains("does not contain \"party\""), "\(missing.message)")
        let failing = await run(HTTPProbe(url: "\(base)/fail", expectStatus: nil, bodyContains: nil, client: client))
        #expect(failing.verdict == .down && failing.message == "status 500, expected 2xx", "\(failing.message)")
        let expected = await run(HTTPProbe(url: "\(base)/fail", expectStatus: 500, bodyContains: nil, client: client))
        #expect(expected.verdict == .up)
        let refused = await run(
            HTTPProbe(url: "http://127.0.0.1:1/", expectStatus: nil, bodyContains: nil, client: client))
        #expect(refused.verdict == .down && refused.message.contains("127.0.0.1"), "\(refused.message)")
    }

    @Test func httpOverTLSIsFetched() async throws {
        let context = try TestCertificate.serverContext()
        let peer = try await LocalTestServer.start { channel in
            try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
            try channel.pipeline.syncOperations.addHandler(CannedHTTPPeer { _ in (204, "") })
        }
        defer { Task { await peer.close() } }
        let client = WebhookHTTPClient(
            group: MultiThreadedEventLoopGroup.singleton, tlsContext: try TestCertificate.unverifiedClientContext())
        let result = await run(
            HTTPProbe(url: "https://localhost:\(peer.port)/", expectStatus: nil, bodyContains: nil, client: client))
        #expect(result.verdict == .up, "\(result.message)")
    }

    @Test func aSilentHTTPServerTimesOut() async throws {
        let peer = try await LocalTestServer.start { _ in }
        defer { Task { await peer.close() } }
        let client = WebhookHTTPClient(
            group: MultiThreadedEventLoopGroup.singleton, tlsContext: try TestCertificate.unverifiedClientContext())
        let started = ContinuousClock.now
        let result = await run(
            HTTPProbe(url: "http://127.0.0.1:\(peer.port)/", expectStatus: nil, bodyContains: nil, client: client),
            seconds: 1)
        #expect(result.verdict == .down && result.message == "timed out after 1 s", "\(result.message)")
        #expect(ContinuousClock.now - started < .seconds(8), "the silent server would hold the probe for good")
    }
}
