import Foundation

/// Which relays are drained and which monitors are quiet at a given time, from the stored windows.
///
/// It exists so that the maintenance service and the monitors ask one pure rule: a relay window drains its relay from
/// `drainBefore` ahead of its start until its end; monitors are quiet during the window itself (a monitor window its
/// monitor, a relay window every monitor bound to that relay, a node window every monitor). A node window quiets the
/// monitors but drains no relay: with every relay drained there would be nowhere for the mail to go.
public struct MaintenanceTimetable: Sendable, Equatable {
    public var windows: [MaintenanceWindow]
    public var drainBefore: Duration

    public init(windows: [MaintenanceWindow], drainBefore: Duration) {
        self.windows = windows
        self.drainBefore = drainBefore
    }

    /// The relays drained at `time`: inside a window of theirs or its drain lead-in.
    public func drainedRelays(at time: Date) -> Set<String> {
        let lead = drainBefore.elapsedSeconds
        var drained: Set<String> = []
        for window in windows {
            guard case .relay(let name) = window.target else { continue }
            // An occurrence that starts within the lead-in, or one that is running.
            if !window.occurrences(from: time, to: time.addingTimeInterval(lead + 0.001)).isEmpty {
                drained.insert(name)
            }
        }
        return drained
    }

    /// Whether the monitor `monitor` (bound to `relay`, if any) is in a window at `time`.
    public func isQuiet(monitor: String, relay: String?, at time: Date) -> Bool {
        windows.contains { window in
            guard window.occurrence(at: time) != nil else { return false }
            switch window.target {
            case .node: return true
            case .monitor(let name): return name == monitor
            case .relay(let name): return name == relay
            }
        }
    }

    /// The windows running at `time`.
    public func active(at time: Date) -> [MaintenanceWindow] {
        windows.filter { $0.occurrence(at: time) != nil }
    }
}
