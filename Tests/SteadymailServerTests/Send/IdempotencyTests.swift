import Foundation
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct IdempotencyTests {
    private func record(hash: String) -> IdempotencyRecord {
        IdempotencyRecord(
            apiKeyID: "k", key: "x", requestHash: hash, status: 202, body: Array("{}".utf8), createdAt: Date(),
            expiresAt: Date().addingTimeInterval(60))
    }

    @Test func decisions() {
        #expect(Idempotency.decide(stored: nil, requestHash: "a") == .proceed)
        #expect(
            Idempotency.decide(stored: record(hash: "a"), requestHash: "a")
                == .replay(status: 202, body: Array("{}".utf8)))
        #expect(Idempotency.decide(stored: record(hash: "a"), requestHash: "b") == .reused)
    }

    @Test func theFingerprintIgnoresKeyOrderAndWhiteSpaceButNotValuesOrEndpoint() {
        let one = Idempotency.fingerprint(
            endpoint: "/v1/messages", body: Array(#"{"a": 1, "b": {"c": "x", "d": [1, 2]}}"#.utf8))
        let reordered = Idempotency.fingerprint(
            endpoint: "/v1/messages", body: Array(#"{"b":{"d":[1,2],"c":"x"},"a":1}"#.utf8))
        let changed = Idempotency.fingerprint(
            endpoint: "/v1/messages", body: Array(#"{"a": 1, "b": {"c": "y", "d": [1, 2]}}"#.utf8))
        let listOrder = Idempotency.fingerprint(
            endpoint: "/v1/messages", body: Array(#"{"a": 1, "b": {"c": "x", "d": [2, 1]}}"#.utf8))
        let endpoint = Idempotency.fingerprint(
            endpoint: "/v1/messages/raw", body: Array(#"{"a": 1, "b": {"c": "x", "d": [1, 2]}}"#.utf8))
        #expect(one == reordered)
        #expect(Set([one, changed, listOrder, endpoint]).count == 4)
        #expect(one.count == 64)
        #expect(Idempotency.fingerprint(endpoint: "/v1/messages", body: Array("not json".utf8)).count == 64)
    }

    @Test func theGateAdmitsOneRequestPerKeyAtATime() {
        let gate = IdempotencyGate()
        #expect(gate.enter(apiKeyID: "k1", key: "a"))
        #expect(!gate.enter(apiKeyID: "k1", key: "a"))
        #expect(gate.enter(apiKeyID: "k2", key: "a"))
        gate.leave(apiKeyID: "k1", key: "a")
        #expect(gate.enter(apiKeyID: "k1", key: "a"))
    }

    @Test func theRateLimiterKeepsOneBucketPerKey() {
        let limiter = APIRateLimiter(ratePerSecond: 2, burst: 2)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(limiter.admit(apiKeyID: "a", messages: 2, now: now) == .allowed)
        #expect(limiter.admit(apiKeyID: "a", messages: 1, now: now) == .limited(retryAfter: 1))
        #expect(limiter.admit(apiKeyID: "b", messages: 2, now: now) == .allowed)
        #expect(limiter.admit(apiKeyID: "a", messages: 2, now: now.addingTimeInterval(0.2)) == .limited(retryAfter: 1))
        #expect(limiter.admit(apiKeyID: "a", messages: 2, now: now.addingTimeInterval(1)) == .allowed)
        #expect(
            limiter.admit(apiKeyID: "a", messages: 3, now: now.addingTimeInterval(100)) == .limited(retryAfter: nil))
    }
}
