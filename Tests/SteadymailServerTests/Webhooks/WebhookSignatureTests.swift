import Testing

@testable import SteadymailServer

@Suite struct WebhookSignatureTests {
    /// The expected values were computed outside Swift, with Python's `hmac` module:
    /// `hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()`.
    @Test func matchesAnIndependentlyComputedVector() {
        let body = Array(#"{"id":"42","type":"delivered"}"#.utf8)
        #expect(
            WebhookSignature.header(secret: "whsec_test-secret_0123456789", timestamp: 1_767_225_600, body: body)
                == "v1=91190607e92c149b826093593b8396304d0031177c9cabd551a568550638381c")
    }

    @Test func signsTheBodyBytesAsSent() {
        let body = Array(#"{"recipient":"josé@example.org"}"#.utf8)
        #expect(
            WebhookSignature.header(secret: "whsec_test-secret_0123456789", timestamp: 0, body: body)
                == "v1=5de21ae6f28aab7b7b12583afd7d1dea76b32f1f4c3cd8c210d3b8e1d3270b34")
    }

    @Test func anyChangeChangesTheSignature() {
        let body = Array(#"{"id":"42"}"#.utf8)
        let signature = WebhookSignature.header(secret: "a", timestamp: 100, body: body)
        #expect(WebhookSignature.header(secret: "b", timestamp: 100, body: body) != signature)
        #expect(WebhookSignature.header(secret: "a", timestamp: 101, body: body) != signature)
        #expect(WebhookSignature.header(secret: "a", timestamp: 100, body: body + [0x20]) != signature)
    }
}
