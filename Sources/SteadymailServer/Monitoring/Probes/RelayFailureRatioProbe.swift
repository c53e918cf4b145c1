import Foundation
import SteadymailDomain

/// Where a `relay-failures` monitor reads a relay's recent transactions: `RelayPool`, which learns every outcome.
///
/// It exists so that the probe depends on the one question it asks, and tests can answer it without a pool.
protocol RelayOutcomeSource: Sendable {
    /// The relay's transactions and relay-level failures over the `window` before `now`; nil for an unknown relay.
    func failureRatio(relay: String, window: Duration, now: Date) async -> RelayOutcomeWindow.Tally?
}

extension RelayPool: RelayOutcomeSource {}

/// A `relay-failures` monitor: the share of a relay's transactions that failed at relay level over
/// `monitoring.failure_window`; value = the ratio, `down` over the threshold (0.5 by default), judged only once at
/// least `minimumTransactions` happened in the window.
///
/// It exists because passive delivery failures are evidence too: a relay that still answers probes but fails half
/// its transactions is unhealthy. Too few transactions say nothing either way, so the probe stays up.
struct RelayFailureRatioProbe: MonitorProbe {
    static let defaultThreshold = 0.5
    static let minimumTransactions = 5

    let relay: String
    let threshold: Double
    let window: Duration
    let source: any RelayOutcomeSource

    func run(now: Date, deadline: Date) async -> ProbeResult {
        let run = ProbeRun(now: now, deadline: deadline)
        guard let tally = await source.failureRatio(relay: relay, window: window, now: now) else {
            return run.down("no relay named \(relay)")
        }
        let span = "over \(Int(window.timeInterval.rounded())) s"
        guard tally.transactions >= Self.minimumTransactions, let ratio = tally.ratio else {
            return run.up(
                "too few transactions on \(relay) to judge (\(tally.transactions) \(span))", value: tally.ratio)
        }
        let percent = Int((ratio * 100).rounded())
        let message = "\(tally.failures) of \(tally.transactions) transactions on \(relay) failed (\(percent)%) \(span)"
        if ratio > threshold { return run.down(message, measured: true, value: ratio) }
        return run.up(message, value: ratio)
    }
}
