import Foundation
import Logging
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage

/// Acts on maintenance windows: drains a relay before its window and brings it back, ramping, when it ends.
///
/// It exists so that planned work moves the mail instead of merely muting alerts. Every `maintenance.check_interval`
/// (and at once when a window is added or removed, or the section reloaded) it reads the stored windows and sets the
/// pool's maintenance flag of each relay that `MaintenanceTimetable` says is drained (from `drain_before` ahead of its
/// window until the window ends); clearing it starts recovery pacing. It also answers the monitors' question of
/// which of them are quiet.
actor MaintenanceService: Service, MaintenanceCalendar {
    private let store: any QueueStore
    private let pool: RelayPool?
    private(set) var settings: MaintenanceConfiguration
    private var timetable: MaintenanceTimetable
    private let logger: Logger
    private let wake = WakeSignal()

    init(store: any QueueStore, pool: RelayPool?, settings: MaintenanceConfiguration, logger: Logger) {
        self.store = store
        self.pool = pool
        self.settings = settings
        self.timetable = MaintenanceTimetable(windows: [], drainBefore: settings.drainBefore)
        self.logger = logger
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.evaluate(now: Date())
                let interval = await self.settings.checkInterval
                await self.wake.wait(timeout: interval)
            }
        }
    }

    /// Applies a reloaded `maintenance:` section at once.
    func reconfigure(_ settings: MaintenanceConfiguration) {
        self.settings = settings
        timetable.drainBefore = settings.drainBefore
        wake.signal()
    }

    /// A window was added or removed: evaluate now.
    func windowsChanged() {
        wake.signal()
    }

    /// Reads the windows and sets every relay's maintenance flag for `now`.
    func evaluate(now: Date) async {
        do {
            timetable.windows = try await store.maintenanceWindows()
        } catch {
            logger.warning("maintenance windows not read", metadata: ["error": "\(error)"])
        }
        guard let pool else { return }
        let drained = timetable.drainedRelays(at: now)
        let current = await pool.relaysInMaintenance
        for name in drained.subtracting(current) { await pool.setMaintenance(name, active: true, now: now) }
        for name in current.subtracting(drained) { await pool.setMaintenance(name, active: false, now: now) }
    }

    func isQuiet(monitor: String, relay: String?, at time: Date) -> Bool {
        timetable.isQuiet(monitor: monitor, relay: relay, at: time)
    }
}
