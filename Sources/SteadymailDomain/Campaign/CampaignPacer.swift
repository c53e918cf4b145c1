import Foundation

/// How many messages of a campaign may be enqueued now, at its throttle of messages per minute.
///
/// It exists so that a campaign is fed to the queue at its pace rather than all at start: a token bucket that refills
/// at `perMinute / 60` per second and holds at most a few seconds' worth (`burst`), so that a tick after a pause in
/// enqueuing does not release a minute's worth at once. Without a throttle every request is allowed.
public struct CampaignPacer: Sendable, Equatable {
    /// Seconds of throttle a full bucket holds.
    public static let burstSeconds: Double = 5

    /// Messages per minute; nil means unthrottled.
    public let perMinute: Int?
    public let burst: Double
    public private(set) var tokens: Double
    private var updatedAt: Date

    /// A full bucket at `now`.
    public init(perMinute: Int?, now: Date) {
        self.perMinute = perMinute.map { max($0, 1) }
        let rate = Double(self.perMinute ?? 0) / 60
        self.burst = max(1, (rate * Self.burstSeconds).rounded(.down))
        self.tokens = burst
        self.updatedAt = now
    }

    /// How many messages may be enqueued at `now`; `Int.max` when unthrottled.
    public func allowance(now: Date) -> Int {
        guard perMinute != nil else { return Int.max }
        return Int((tokens(at: now) + 1e-9).rounded(.down))
    }

    /// Records that `count` messages were enqueued at `now` (at most the allowance).
    public mutating func spend(_ count: Int, now: Date) {
        guard perMinute != nil else { return }
        tokens = max(tokens(at: now) - Double(max(count, 0)), 0)
        updatedAt = max(updatedAt, now)
    }

    /// When the next message will be allowed; `now` when one is already.
    public func nextAllowance(now: Date) -> Date {
        guard let perMinute, allowance(now: now) < 1 else { return now }
        let missing = 1 - tokens(at: now)
        return max(now, updatedAt).addingTimeInterval(missing * 60 / Double(perMinute))
    }

    private func tokens(at now: Date) -> Double {
        let elapsed = max(now.timeIntervalSince(updatedAt), 0)
        return min(burst, tokens + elapsed * Double(perMinute ?? 0) / 60)
    }
}
