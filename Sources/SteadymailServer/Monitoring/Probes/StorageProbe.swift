import Foundation
import SteadymailDomain
import SteadymailStorage

/// A `storage` monitor: the queue store commits a small durable write (`QueueStore.probeWritable`).
///
/// It exists because a store that cannot write (disk full, read-only file system, I/O errors) stops intake and
/// delivery at once; this names the cause in an incident instead of a rising error count.
struct StorageProbe: MonitorProbe {
    let store: any QueueStore

    func run(now: Date, deadline: Date) async -> ProbeResult {
        let run = ProbeRun(now: now, deadline: deadline)
        let store = self.store
        switch await run.bounded({ try await store.probeWritable(now: now) }) {
        case nil: return run.timedOut()
        case .success: return run.up("the queue store took a write in \(run.elapsedText)")
        case .failure(let error): return run.down("the queue store cannot write: \(error)", measured: true)
        }
    }
}
