import Foundation
import SteadymailDomain

extension QueueControlHandler {
    /// `steadymail maintenance add|list|remove|suggest`; list and suggest also from the database directly.
    func handleMaintenance(_ request: ControlRequest) async throws -> ControlResponse {
        guard let maintenance else { return ControlResponse(error: "maintenance needs the configuration") }
        let wanted = request.maintenance ?? MaintenanceRequest()
        let now = Date()
        do {
            switch request.command {
            case .maintenanceAdd:
                guard pipeline != nil else { return ControlResponse(error: "adding a window needs a running server") }
                return ControlResponse(maintenanceWindows: [try await maintenance.add(wanted, now: now)])
            case .maintenanceRemove:
                guard pipeline != nil else {
                    return ControlResponse(error: "removing a window needs a running server")
                }
                let id = wanted.id ?? 0
                guard try await maintenance.remove(id: id) else {
                    return ControlResponse(error: "no maintenance window \(id)")
                }
                return ControlResponse(maintenanceWindows: [])
            case .maintenanceSuggest:
                return ControlResponse(
                    maintenanceCandidates: try await maintenance.suggest(
                        duration: wanted.duration, relay: wanted.relay, limit: wanted.limit, now: now))
            default:
                return ControlResponse(maintenanceWindows: try await maintenance.list(now: now))
            }
        } catch let error as MaintenanceWindowError {
            return ControlResponse(error: error.description)
        }
    }
}
