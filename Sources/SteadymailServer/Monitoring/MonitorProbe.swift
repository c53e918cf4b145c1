import Foundation
import SteadymailDomain

/// One check a monitor runs every interval.
///
/// It exists so that the monitor runner treats every kind alike (network probes, internal checks, canaries): it calls
/// `run` once per interval and records what comes back. A probe never throws and never outlives its deadline: every
/// failure, a timeout included, is a `down` result whose message says what went wrong.
protocol MonitorProbe: Sendable {
    /// Runs the check once, started at `now`, finishing by `deadline`.
    func run(now: Date, deadline: Date) async -> ProbeResult
}
