import Foundation
import Synchronization

/// Counts failed AUTH attempts per client address in a sliding window and says when an address must be refused.
///
/// It exists because password guessing over SMTP is cheap for an attacker: after `maxFailures` failures within
/// `window`, further attempts from that address are refused without checking the password until the window passes.
/// It is shared by every SMTP session of a node.
public final class AuthFailureLimiter: Sendable {
    private let maxFailures: Int
    private let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    public init(maxFailures: Int, window: Duration) {
        self.maxFailures = maxFailures
        self.window = window.timeInterval
    }

    /// True when `address` has used up its failures within the window at `now`.
    public func isBlocked(_ address: String, now: Date) -> Bool {
        failures.withLock { table in
            let recent = (table[address] ?? []).filter { now.timeIntervalSince($0) < window }
            table[address] = recent.isEmpty ? nil : recent
            return recent.count >= maxFailures
        }
    }

    /// Records one failed attempt.
    public func recordFailure(_ address: String, now: Date) {
        failures.withLock { table in
            var recent = (table[address] ?? []).filter { now.timeIntervalSince($0) < window }
            recent.append(now)
            table[address] = Array(recent.suffix(maxFailures))
            if table.count > 100_000 {
                table = table.filter { $0.value.contains { now.timeIntervalSince($0) < window } }
            }
        }
    }
}
