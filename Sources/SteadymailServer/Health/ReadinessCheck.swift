import Foundation
import Logging
import SteadymailStorage

/// Gathers the facts behind `Readiness` for `GET /readyz`: the drain flag, the disk monitor's verdict, and a write
/// probe through the queue store.
///
/// It exists so that readiness is measured, not assumed (a store that cannot commit is not ready even if the process
/// is up), and so that an unauthenticated flood of `/readyz` requests cannot become a flood of fsyncs competing with
/// intake: at most one probe runs per `http.ready_probe_interval`; requests in between share its result.
actor ReadinessCheck {
    private let store: any QueueStore
    private let disk: DiskSpaceMonitor?
    private let drain: DrainState
    private let probeInterval: Duration
    private let logger: Logger
    private var lastProbe: (at: ContinuousClock.Instant, writable: Bool)?
    private var running: Task<Bool, Never>?

    init(
        store: any QueueStore, disk: DiskSpaceMonitor?, drain: DrainState, probeInterval: Duration, logger: Logger
    ) {
        self.store = store
        self.disk = disk
        self.drain = drain
        self.probeInterval = probeInterval
        self.logger = logger
    }

    func evaluate() async -> Readiness {
        let writable = await storageWritable()
        return Readiness(
            draining: drain.isDraining, storageWritable: writable, diskSpaceAvailable: disk?.intakeAvailable ?? true)
    }

    /// The result of the last probe while it is younger than the interval; otherwise a new probe, shared by every
    /// caller that asks while it runs.
    private func storageWritable() async -> Bool {
        if let lastProbe, ContinuousClock.now - lastProbe.at < probeInterval { return lastProbe.writable }
        if let running { return await running.value }
        let store = self.store
        let logger = self.logger
        let probe = Task {
            do {
                try await store.probeWritable(now: Date())
                return true
            } catch {
                logger.warning("readiness: storage write probe failed", metadata: ["error": "\(error)"])
                return false
            }
        }
        running = probe
        let writable = await probe.value
        running = nil
        lastProbe = (ContinuousClock.now, writable)
        return writable
    }
}
