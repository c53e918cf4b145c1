/// Tells a temporary reply that says "you are sending too fast" from any other temporary failure.
///
/// It exists because the right reaction differs: a throttled relay or destination is slowed down and its mail comes
/// back soon without spending an attempt, while a relay that fails opens its breaker and a recipient that fails is
/// retried with backoff. A reply is a throttle when all of these hold:
/// - its code is 4xx (providers use 421, 450, 451, 452 and, Amazon SES, 454);
/// - its text contains one of `patterns`, compared case-insensitively;
/// - its text does not speak of greylisting, which asks for one later retry of that recipient, not a slower pace;
/// - its enhanced status, when it has one, is not about an address (4.1.x) or a mailbox (4.2.x: full, or receiving
///   too fast, as Gmail's 4.2.1 says of one user), nor 4.3.2 "system not accepting messages" (shutting down: the
///   breaker's business).
public struct ThrottleReplyDetector: Sendable, Equatable {
    /// The patterns used when `delivery.throttle_patterns` is not set: the wording of provider rate limits (Gmail
    /// 4.7.28 "unusual rate", 4.7.0 "try again later"; Microsoft 4.7.500 "server busy"; Yahoo 4.7.0 [TSS04]
    /// "temporarily deferred"; Postfix anvil "too many connections", "too much mail"; Amazon SES "throttling").
    public static let defaultPatterns = [
        "rate limit", "rate-limit", "ratelimit", "unusual rate", "sending rate", "too many messages",
        "too many connections", "too many concurrent", "too much mail", "throttl", "slow down", "exceeded",
        "try again later", "server busy", "temporarily deferred",
    ]

    /// Texts that are never a throttle, whatever pattern they also contain.
    public static let exclusions = ["greylist", "graylist"]

    /// Lowercased fragments, any of which makes a qualifying reply a throttle.
    public let patterns: [String]

    public init(patterns: [String] = ThrottleReplyDetector.defaultPatterns) {
        self.patterns = patterns.map { $0.lowercased() }.filter { !$0.isEmpty }
    }

    /// Whether the reply asks us to slow down.
    public func isThrottle(code: Int, enhanced: String?, text: String) -> Bool {
        guard (400...499).contains(code) else { return false }
        if let enhanced, enhanced.hasPrefix("4.1.") || enhanced.hasPrefix("4.2.") || enhanced == "4.3.2" {
            return false
        }
        let lowered = text.lowercased()
        guard !Self.exclusions.contains(where: { lowered.contains($0) }) else { return false }
        return patterns.contains { lowered.contains($0) }
    }
}
