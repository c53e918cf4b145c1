import Foundation
import Logging

/// Where canary probes wait for their messages to come back.
///
/// It exists to join the two halves of a canary run, which happen in different places: the probe sends a message out
/// through a relay, and the same message later arrives at Steadymail's own SMTP server, where `CanaryMailConsumer`
/// hands its token here. A probe first `register`s its token with a deadline (before sending, so that a message faster
/// than the probe's own bookkeeping is not lost), sends, then awaits `arrival(of:)`, which returns the arrival time or
/// nil once the deadline passed. A token that arrives after its deadline, or that was never registered, is logged and
/// dropped. The number of outstanding tokens is bounded (`limit`), so a flood of registrations cannot grow memory.
actor CanaryMailbox {
    let limit: Int
    let logger: Logger
    private var expected: [String: Expectation] = [:]
    /// Tokens whose deadline passed, newest last, at most `limit`: a late arrival is told apart from a stranger.
    private var expired: [String] = []

    private struct Expectation {
        var deadline: Date
        var arrivedAt: Date?
        var waiter: CheckedContinuation<Date?, Never>?
        var timer: Task<Void, Never>?
    }

    init(limit: Int = 64, logger: Logger) {
        self.limit = limit
        self.logger = logger
    }

    /// The tokens registered and not yet collected or expired.
    var outstanding: Int { expected.count }

    /// Starts expecting `token` until `deadline`; false when `limit` tokens are already outstanding or the token is.
    func register(_ token: String, until deadline: Date) -> Bool {
        guard expected.count < limit, expected[token] == nil else { return false }
        let timer = Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(Int64(max(deadline.timeIntervalSinceNow, 0) * 1000)))
            await self?.expire(token)
        }
        expected[token] = Expectation(deadline: deadline, timer: timer)
        return true
    }

    /// When `token` arrived, waiting for it until its deadline; nil when it did not arrive in time or is not
    /// registered. Collecting the answer ends the expectation.
    func arrival(of token: String) async -> Date? {
        guard var expectation = expected[token] else { return nil }
        if let arrivedAt = expectation.arrivedAt {
            finish(token)
            return arrivedAt
        }
        guard expectation.waiter == nil else { return nil }
        return await withCheckedContinuation { continuation in
            expectation.waiter = continuation
            expected[token] = expectation
        }
    }

    /// Stops expecting `token` (its message could not be sent); a waiter gets nil.
    func withdraw(_ token: String) {
        guard let expectation = expected[token] else { return }
        finish(token)
        expectation.waiter?.resume(returning: nil)
    }

    /// Records that the message carrying `token` arrived at `time`; false (and logged) when the token is unknown or
    /// its deadline has passed.
    @discardableResult
    func deliver(_ token: String, at time: Date) -> Bool {
        guard var expectation = expected[token], expectation.arrivedAt == nil else {
            logger.warning(
                expired.contains(token) ? "canary arrived late, dropped" : "canary with an unknown token, dropped",
                metadata: ["token": "\(token)"])
            return false
        }
        guard time <= expectation.deadline else {
            expire(token)
            logger.warning("canary arrived late, dropped", metadata: ["token": "\(token)"])
            return false
        }
        if let waiter = expectation.waiter {
            finish(token)
            waiter.resume(returning: time)
        } else {
            expectation.arrivedAt = time
            expected[token] = expectation
        }
        return true
    }

    /// The deadline of `token` passed: a waiter gets nil, and a later arrival is logged as late.
    private func expire(_ token: String) {
        guard let expectation = expected[token] else { return }
        finish(token)
        expired.append(token)
        if expired.count > limit { expired.removeFirst(expired.count - limit) }
        expectation.waiter?.resume(returning: nil)
    }

    private func finish(_ token: String) {
        expected.removeValue(forKey: token)?.timer?.cancel()
    }
}
