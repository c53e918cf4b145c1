import Testing

@testable import SteadymailServer

@Suite struct CanaryTokenTests {
    let token = "0123456789abcdef0123456789abcdef"

    private func message(_ head: String, body: String = "hello\r\n") -> [UInt8] {
        Array((head + "\r\n" + body).utf8)
    }

    @Test func madeTokensAreValidAndDistinct() {
        let tokens = (0..<50).map { _ in CanaryToken.make() }
        #expect(tokens.allSatisfy { CanaryToken.isValid($0) })
        #expect(Set(tokens).count == 50)
    }

    @Test func theHeaderCarriesTheToken() {
        let content = message("From: a@b\r\nX-Steadymail-Canary: \(token)\r\nSubject: hi\r\n")
        #expect(CanaryToken.extract(from: content) == token)
        #expect(CanaryToken.extract(from: message("x-steadymail-canary:\r\n \(token)\r\n")) == token, "folded")
    }

    @Test func theSubjectCarriesItWhenARelayDroppedTheHeader() {
        let content = message("From: a@b\r\nSubject: [EXTERNAL] Steadymail canary \(token)\r\n")
        #expect(CanaryToken.extract(from: content) == token)
    }

    @Test func aTokenOnlyInTheBodyOrMalformedIsNotOne() {
        #expect(CanaryToken.extract(from: message("Subject: hi\r\n", body: "\(token)\r\n")) == nil)
        #expect(CanaryToken.extract(from: message("X-Steadymail-Canary: \(token.uppercased())\r\n")) == nil)
        #expect(CanaryToken.extract(from: message("Subject: canary \(token.dropLast())\r\n")) == nil)
        #expect(CanaryToken.extract(from: []) == nil)
    }
}
