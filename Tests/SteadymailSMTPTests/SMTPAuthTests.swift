import NIOCore
import Testing

@testable import SteadymailSMTP

@Suite struct SMTPAuthTests {
    private func tlsSession() -> SMTPTestSession {
        var smtp = SMTPTestSession(info: .implicitTLS)
        smtp.ehlo()
        return smtp
    }

    @Test func plainWithInitialResponse() {
        var smtp = tlsSession()
        #expect(
            smtp.send("AUTH PLAIN \(base64("\0alice\0s3cret pass"))\r\n") == [
                "<authenticate alice s3cret pass>"
            ])
        #expect(
            smtp.finishAuthentication(.succeeded(username: "alice")) == [
                "235 2.7.0 Authentication successful"
            ])
        #expect(
            smtp.send("AUTH PLAIN \(base64("\0alice\0x"))\r\n") == [
                "503 5.5.1 Error: already authenticated"
            ])
    }

    @Test func plainWithChallengeAndMatchingAuthzid() {
        var smtp = tlsSession()
        #expect(smtp.send("auth plain\r\n") == ["334 "])
        #expect(smtp.send("\(base64("alice\0alice\0pw"))\r\n") == ["<authenticate alice pw>"])
    }

    @Test func loginFlow() {
        var smtp = tlsSession()
        #expect(smtp.send("AUTH LOGIN\r\n") == ["334 VXNlcm5hbWU6"])
        #expect(smtp.send("\(base64("alice"))\r\n") == ["334 UGFzc3dvcmQ6"])
        #expect(smtp.send("\(base64("pw"))\r\n") == ["<authenticate alice pw>"])
        #expect(smtp.finishAuthentication(.failed) == ["535 5.7.8 Authentication credentials invalid"])
        #expect(smtp.send("AUTH LOGIN \(base64("alice"))\r\n") == ["334 UGFzc3dvcmQ6"])
        #expect(smtp.send("\(base64("right"))\r\n") == ["<authenticate alice right>"])
        #expect(
            smtp.finishAuthentication(.succeeded(username: "alice")) == [
                "235 2.7.0 Authentication successful"
            ])
    }

    @Test func tooManyFailuresCloses() {
        var smtp = tlsSession()
        _ = smtp.send("AUTH PLAIN \(base64("\0a\0b"))\r\nNOOP\r\n")
        #expect(
            smtp.finishAuthentication(.tooManyFailures) == [
                "421 4.7.0 Too many authentication failures", "<close>",
            ])
        #expect(smtp.send("NOOP\r\n") == [])
    }

    @Test func cancellation() {
        var smtp = tlsSession()
        _ = smtp.send("AUTH LOGIN\r\n")
        #expect(smtp.send("*\r\n") == ["501 5.0.0 Authentication cancelled"])
        _ = smtp.send("AUTH PLAIN\r\n")
        #expect(smtp.send("*\r\nNOOP\r\n") == ["501 5.0.0 Authentication cancelled", "250 2.0.0 Ok"])
    }

    @Test(arguments: [
        "AUTH PLAIN !!!!", "AUTH PLAIN dXNlcg", "AUTH PLAIN =", "AUTH PLAIN ====",
        "AUTH PLAIN dXN=cg==",
        "AUTH PLAIN \(base64("no nul at all"))", "AUTH PLAIN \(base64("\0\0pw"))",
        "AUTH PLAIN \(base64("other\0alice\0pw"))", "AUTH PLAIN \(base64("\0a\0b\0c"))",
        "AUTH LOGIN ###", "AUTH LOGIN \(base64("a\r\nb"))", "AUTH LOGIN =",
    ])
    func malformedResponsesGet501(command: String) {
        var smtp = tlsSession()
        #expect(smtp.send(command + "\r\n") == ["501 5.5.2 Malformed authentication response"])
        #expect(smtp.send("NOOP\r\n") == ["250 2.0.0 Ok"])
    }

    @Test func malformedChallengeAnswers() {
        var smtp = tlsSession()
        _ = smtp.send("AUTH LOGIN\r\n")
        #expect(smtp.send("abc\r\n") == ["501 5.5.2 Malformed authentication response"])
        _ = smtp.send("AUTH LOGIN\r\n")
        _ = smtp.send("\(base64("alice"))\r\n")
        #expect(smtp.send("\(base64("p\0w"))\r\n") == ["501 5.5.2 Malformed authentication response"])
        _ = smtp.send("AUTH PLAIN\r\n")
        #expect(smtp.send("a\nb\r\n") == ["501 5.5.2 Malformed authentication response"])
    }

    @Test func longCredentialsAreAllowed() {
        var smtp = tlsSession()
        let password = String(repeating: "p", count: 6_000)
        #expect(
            smtp.send("AUTH PLAIN\r\n\(base64("\0alice\0\(password)"))\r\n") == [
                "334 ", "<authenticate alice \(password)>",
            ])
    }

    @Test func longInitialResponseInTheAuthCommand() {
        var smtp = tlsSession()
        let password = String(repeating: "q", count: 6_000)
        #expect(
            smtp.send("AUTH PLAIN \(base64("\0alice\0\(password)"))\r\n") == [
                "<authenticate alice \(password)>"
            ])
        #expect(smtp.finishAuthentication(.failed) == ["535 5.7.8 Authentication credentials invalid"])
        #expect(
            smtp.send("AUTH PLAIN " + String(repeating: "A", count: 12_300) + "\r\n") == [
                "500 5.5.2 Line too long"
            ])
    }

    @Test func refusals() {
        var smtp = tlsSession()
        #expect(smtp.send("AUTH\r\n") == ["501 5.5.4 Syntax error in parameters or arguments"])
        #expect(smtp.send("AUTH CRAM-MD5\r\n") == ["504 5.5.4 Unrecognized authentication mechanism"])
        _ = smtp.send("MAIL FROM:<a@b.example>\r\n")
        #expect(
            smtp.send("AUTH PLAIN\r\n") == [
                "503 5.5.1 Error: AUTH not permitted during a mail transaction"
            ])
        var helo = SMTPTestSession(info: .implicitTLS)
        #expect(helo.send("AUTH PLAIN\r\n") == ["503 5.5.1 Error: send EHLO first"])
        _ = helo.send("HELO c.example\r\n")
        #expect(helo.send("AUTH PLAIN\r\n") == ["503 5.5.1 Error: send EHLO first"])
    }

    @Test func authNeedsEncryptionOrTrust() {
        var plaintext = SMTPTestSession()
        plaintext.ehlo()
        #expect(
            plaintext.send("AUTH PLAIN\r\n") == [
                "538 5.7.11 Encryption required for requested authentication mechanism"
            ])
        var noCertificate = SMTPTestSession(policy: .test.with { $0.startTLSAvailable = false })
        noCertificate.ehlo()
        #expect(noCertificate.send("AUTH PLAIN\r\n") == ["502 5.5.1 Authentication not available"])
        var noUsers = SMTPTestSession(
            policy: .test.with { $0.authAvailable = false }, info: .implicitTLS)
        noUsers.ehlo()
        #expect(noUsers.send("AUTH PLAIN\r\n") == ["502 5.5.1 Authentication not available"])
        var trusted = SMTPTestSession(info: .trusted)
        trusted.ehlo()
        #expect(trusted.send("AUTH LOGIN\r\n") == ["334 VXNlcm5hbWU6"])
    }

    @Test func pipelinedCommandsWaitForTheAuthResult() {
        var smtp = tlsSession()
        #expect(
            smtp.send(
                "AUTH PLAIN \(base64("\0u\0p"))\r\nMAIL FROM:<u@b.example>\r\nRCPT TO:<x@remote.example>\r\n"
            ) == [
                "<authenticate u p>"
            ])
        #expect(
            smtp.finishAuthentication(.succeeded(username: "u")) == [
                "235 2.7.0 Authentication successful", "250 2.1.0 Ok", "250 2.1.5 Ok",
            ])
    }

    @Test(arguments: [
        (SMTPSessionInfo.implicitTLS, "ESMTPSA"), (SMTPSessionInfo.trusted, "ESMTPA"),
    ])
    func protocolNameAndUserAreRecorded(info: SMTPSessionInfo, protocolName: String) {
        var smtp = SMTPTestSession(info: info)
        smtp.ehlo()
        _ = smtp.send("AUTH PLAIN \(base64("\0u\0p"))\r\n")
        _ = smtp.finishAuthentication(.succeeded(username: "u"))
        _ = smtp.send("MAIL FROM:<u@b.example>\r\nRCPT TO:<x@remote.example>\r\nDATA\r\n.\r\n")
        #expect(smtp.transactions.first?.protocolName == protocolName)
        #expect(smtp.transactions.first?.authenticatedUser == "u")
    }

    @Test func unexpectedAuthResultIsIgnored() {
        var smtp = tlsSession()
        #expect(smtp.machine.authenticationFinished(.succeeded(username: "mallory")) == [])
        _ = smtp.send("MAIL FROM:<a@b.example>\r\n")
        #expect(smtp.send("RCPT TO:<x@remote.example>\r\n") == ["554 5.7.1 Relay access denied"])
    }
}

@Suite struct SASLTests {
    @Test func base64Decoding() {
        #expect(SASL.decodeBase64("") == [])
        #expect(SASL.decodeBase64("TQ==") == Array("M".utf8))
        #expect(SASL.decodeBase64("TWE=") == Array("Ma".utf8))
        #expect(SASL.decodeBase64("TWFu") == Array("Man".utf8))
        #expect(SASL.decodeBase64("TWFu\r\n") == nil)
        #expect(SASL.decodeBase64("T===") == nil)
        #expect(SASL.decodeBase64("TW=u") == nil)
    }

    @Test func decodingArbitraryTextNeverCrashes() {
        var rng = SplitMix64(state: 7)
        let alphabet = Array("ABCxyz019+/=!\0 ".utf8)
        for _ in 0..<2_000 {
            let text = String(
                decoding: (0..<Int.random(in: 0..<16, using: &rng)).map { _ in
                    alphabet.randomElement(using: &rng) ?? 0
                }, as: UTF8.self)
            _ = SASL.decodePlain(text[...])
            _ = SASL.decodeName(text[...])
        }
    }
}
