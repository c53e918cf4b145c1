import Foundation
import SteadymailDomain
import Synchronization

/// The per-key message rate of the send API (`http.rate_limit` messages per second, bursts of `http.rate_burst`).
///
/// It exists so that one application cannot flood the queue: each API key has its own `TokenBucket`, every message
/// takes a token (a batch takes one per message, all or none), and a refused request learns how many whole seconds to
/// wait. Buckets live in memory: a restart forgives, which errs on the side of accepting mail.
final class APIRateLimiter: Sendable {
    /// Whether a request may go ahead, or how long its client should wait.
    enum Verdict: Equatable {
        case allowed
        /// `Retry-After` in whole seconds, at least 1. Nil when the request holds more messages than the burst, so
        /// that no wait can admit it.
        case limited(retryAfter: Int?)
    }

    let ratePerSecond: Double
    let burst: Int
    private let buckets = Mutex<[String: TokenBucket]>([:])

    init(ratePerSecond: Double, burst: Int) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }

    /// Takes `messages` tokens from the bucket of `apiKeyID` at `now`, or none.
    func admit(apiKeyID: String, messages: Int, now: Date) -> Verdict {
        buckets.withLock { buckets in
            var bucket =
                buckets[apiKeyID] ?? TokenBucket(ratePerSecond: ratePerSecond, burst: burst, now: now)
            defer { buckets[apiKeyID] = bucket }
            if bucket.take(messages, now: now) { return .allowed }
            let next = bucket.nextAvailable(messages, now: now)
            guard next != .distantFuture else { return .limited(retryAfter: nil) }
            return .limited(retryAfter: max(1, Int(next.timeIntervalSince(now).rounded(.up))))
        }
    }
}
