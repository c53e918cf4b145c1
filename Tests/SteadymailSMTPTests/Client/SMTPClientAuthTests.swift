import NIOCore
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPClientAuthTests {
    private func configuration(_ mode: SMTPClientTLSMode) -> SMTPClientConfiguration {
        SMTPClientConfiguration(
            heloName: "out.steadymail.test", tlsMode: mode,
            credentials: SMTPClientCredentials(username: "alice", password: "s3cret"))
    }

    private func afterEHLO(_ mechanisms: String, mode: SMTPClientTLSMode = .implicit) -> (
        SMTPClientTestSession, [String]
    ) {
        var smtp = SMTPClientTestSession(configuration(mode))
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n")
        let transcript = smtp.server(ehloReply(["AUTH \(mechanisms)"]))
        return (smtp, transcript)
    }

    @Test func plainIsPreferredAndByteExact() {
        var (smtp, transcript) = afterEHLO("LOGIN PLAIN")
        #expect(transcript == ["AUTH PLAIN AGFsaWNlAHMzY3JldA==\r\n"])
        #expect(smtp.machine.stage == .auth)
        #expect(smtp.server("235 2.7.0 ok\r\n") == ["<ready>"])
    }

    @Test func loginByteExact() {
        var (smtp, transcript) = afterEHLO("LOGIN")
        #expect(transcript == ["AUTH LOGIN\r\n"])
        #expect(smtp.server("334 VXNlcm5hbWU6\r\n") == ["YWxpY2U=\r\n"])
        #expect(smtp.server("334 UGFzc3dvcmQ6\r\n") == ["czNjcmV0\r\n"])
        #expect(smtp.server("235 2.7.0 ok\r\n") == ["<ready>"])
    }

    @Test(arguments: ["535 5.7.8 bad credentials", "454 4.7.0 try later"])
    func refusedAuthentication(reply: String) {
        var (smtp, _) = afterEHLO("PLAIN")
        #expect(smtp.server(reply + "\r\n") == ["QUIT\r\n", "<failed auth reply(\(reply))>", "<close>"])
    }

    @Test func refusedLoginPassword() {
        var (smtp, _) = afterEHLO("LOGIN")
        _ = smtp.server("334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n")
        #expect(smtp.server("535 5.7.8 no\r\n").dropFirst().first == "<failed auth reply(535 5.7.8 no)>")
    }

    @Test func challengeAfterPlainIsAProtocolError() {
        var (smtp, _) = afterEHLO("PLAIN")
        #expect(smtp.server("334 \r\n").first == "<failed auth protocolError(\"unexpected AUTH challenge\")>")
    }

    @Test func noUsableMechanism() {
        let (_, transcript) = afterEHLO("CRAM-MD5")
        #expect(transcript == ["QUIT\r\n", "<failed auth authenticationNotOffered>", "<close>"])
        let (_, none) = afterEHLO("")
        #expect(none.dropFirst().first == "<failed auth authenticationNotOffered>")
    }

    @Test func neverInPlaintextUnlessTLSModeIsNone() {
        let (_, opportunistic) = afterEHLO("PLAIN", mode: .opportunistic)
        #expect(opportunistic == ["QUIT\r\n", "<failed auth tlsRequiredButNotOffered>", "<close>"])
        let (_, plaintext) = afterEHLO("PLAIN", mode: .none)
        #expect(plaintext == ["AUTH PLAIN AGFsaWNlAHMzY3JldA==\r\n"])
    }

    @Test func authAfterStartTLSUsesTheNewEHLO() {
        var smtp = SMTPClientTestSession(configuration(.opportunistic))
        _ = smtp.connect()
        _ = smtp.server("220 mx\r\n" + ehloReply(["STARTTLS"]))
        _ = smtp.server("220 go\r\n")
        _ = smtp.tlsEstablished()
        #expect(smtp.server(ehloReply(["AUTH LOGIN"])) == ["AUTH LOGIN\r\n"])
    }

    @Test func credentialsDescriptionHidesThePassword() {
        #expect("\(SMTPClientCredentials(username: "alice", password: "s3cret"))" == "alice:<redacted>")
    }
}
