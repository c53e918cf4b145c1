import Foundation
import SteadymailDomain
import SteadymailStorage

/// An `oldest-deferred` monitor: the age of the oldest recipient still waiting for delivery (queued or deferred);
/// value = age in seconds, `down` over the threshold.
///
/// It exists because a queue that stops draining is the symptom every cause shares (all relays refusing, a route to
/// nowhere, a stuck destination): the age of its oldest entry says so whatever the cause. Reads indexes only.
struct OldestDeferredProbe: MonitorProbe {
    let store: any QueueStore
    /// Age in seconds over which the check fails; nil only reports.
    let threshold: Double?

    func run(now: Date, deadline: Date) async -> ProbeResult {
        let run = ProbeRun(now: now, deadline: deadline)
        let store = self.store
        switch await run.bounded({ try await store.oldestWaitingArrival() }) {
        case nil:
            return run.timedOut()
        case .failure(let error):
            return run.down("cannot read the queue: \(error)", measured: true)
        case .success(nil):
            return run.up("no mail waiting", value: 0)
        case .success(let arrival?):
            let age = max(0, now.timeIntervalSince(arrival))
            let message = "the oldest waiting recipient arrived \(Int(age.rounded())) s ago"
            if let threshold, age > threshold {
                return run.down("\(message), over \(Int(threshold.rounded())) s", measured: true, value: age)
            }
            return run.up(message, value: age)
        }
    }
}
