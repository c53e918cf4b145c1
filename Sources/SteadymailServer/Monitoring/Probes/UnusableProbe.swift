import Foundation
import SteadymailDomain

/// A monitor that cannot run as defined (no host, no URL, a canary without the canary service): every run is `down`
/// with the reason.
///
/// It exists so that a bad definition added at run time shows up where the operator looks, in the monitor's state
/// and its incident, instead of crashing the probe runner or vanishing silently.
struct UnusableProbe: MonitorProbe {
    let reason: String

    func run(now: Date, deadline: Date) async -> ProbeResult {
        ProbeResult(verdict: .down, at: now, message: "cannot run: \(reason)")
    }
}
