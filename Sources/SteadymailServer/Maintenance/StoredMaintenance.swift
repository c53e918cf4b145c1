import Foundation
import SteadymailDomain
import SteadymailStorage

/// The stored maintenance windows expanded into their occurrences, for the SLA (time set apart from downtime) and for
/// the status page (maintenance planned in the next days).
///
/// It exists so that both read the windows the operator declared, exactly as `MaintenanceService` acts on them; a
/// store that cannot be read means no maintenance (downtime is then counted, never hidden).
struct StoredMaintenance: MaintenanceSource, StatusMaintenanceSource {
    let store: any QueueStore

    func intervals(for target: MaintenanceWindow.Target, overlapping range: DateInterval) async -> [DateInterval] {
        let windows = (try? await store.maintenanceWindows()) ?? []
        return windows.filter { $0.target == target }.flatMap { $0.occurrences(from: range.start, to: range.end) }
    }

    func upcoming(from: Date, to: Date) async throws -> [StatusMaintenance] {
        try await store.maintenanceWindows().flatMap { window in
            window.occurrences(from: from, to: to).map { occurrence in
                StatusMaintenance(
                    targetType: Self.kind(window.target), target: Self.name(window.target), start: occurrence.start,
                    end: occurrence.end, reason: window.reason)
            }
        }.sorted { $0.start < $1.start }
    }

    static func kind(_ target: MaintenanceWindow.Target) -> String {
        switch target {
        case .relay: "relay"
        case .monitor: "monitor"
        case .node: "node"
        }
    }

    static func name(_ target: MaintenanceWindow.Target) -> String? {
        switch target {
        case .relay(let name), .monitor(let name): name
        case .node: nil
        }
    }
}
