import Foundation
import NIOCore
import SteadymailDomain

/// The clock of one probe run: when it started, when it must end, and the results it can end with.
///
/// It exists so that every probe measures latency, turns its deadline into the forms NIO and Swift take, and words a
/// timeout ("timed out after 2 s") the same way.
struct ProbeRun: Sendable {
    /// The wall-clock start, recorded in the result.
    let at: Date
    /// The time allowed, from start to deadline (zero when the deadline had already passed).
    let limit: Duration
    private let started: ContinuousClock.Instant

    init(now: Date, deadline: Date) {
        at = now
        limit = .seconds(max(0, deadline.timeIntervalSince(now)))
        started = .now
    }

    var elapsed: Duration { ContinuousClock.now - started }
    var remaining: Duration { max(.zero, limit - elapsed) }
    var isOver: Bool { elapsed >= limit }
    /// The deadline for NIO's timers.
    var nioDeadline: NIODeadline { .now() + remaining.timeAmount }

    /// "14 ms".
    var elapsedText: String { "\(Int((elapsed.timeInterval * 1_000).rounded())) ms" }

    func up(_ message: String, value: Double? = nil) -> ProbeResult {
        ProbeResult(verdict: .up, at: at, latency: elapsed, message: message, value: value)
    }

    func warn(_ message: String, value: Double? = nil) -> ProbeResult {
        ProbeResult(verdict: .warn, at: at, latency: elapsed, message: message, value: value)
    }

    /// A failure; `measured` when the target answered, so the time taken means something.
    func down(_ message: String, measured: Bool = false, value: Double? = nil) -> ProbeResult {
        ProbeResult(verdict: .down, at: at, latency: measured ? elapsed : nil, message: message, value: value)
    }

    func timedOut() -> ProbeResult {
        down("timed out after \(String(format: "%g", limit.timeInterval.rounded(toPlaces: 1))) s")
    }
}

extension Double {
    fileprivate func rounded(toPlaces places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (self * scale).rounded() / scale
    }
}
