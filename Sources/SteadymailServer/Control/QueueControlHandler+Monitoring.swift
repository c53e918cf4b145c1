import Foundation
import SteadymailStorage

extension QueueControlHandler {
    /// `steadymail monitors`, `monitor show|add|remove` (a running server) and `incidents`, `incident ID` (also from
    /// the database directly).
    func handleMonitoring(_ request: ControlRequest) async throws -> ControlResponse {
        let incidents = Incidents(store: store)
        switch request.command {
        case .incidents:
            let query = request.incidents ?? IncidentQuery()
            return ControlResponse(
                incidents: try await incidents.list(openOnly: query.openOnly, limit: max(1, min(query.limit, 1000))))
        case .incident:
            let id = request.incidents?.id ?? 0
            guard let incident = try await incidents.incident(id) else {
                return ControlResponse(error: "no incident \(id)")
            }
            return ControlResponse(incidents: [incident])
        case .incidentNote:
            let query = request.incidents ?? IncidentQuery()
            do {
                guard let incident = try await incidents.setPublicNote(query.id ?? 0, note: query.note) else {
                    return ControlResponse(error: "no incident \(query.id ?? 0)")
                }
                return ControlResponse(incidents: [incident])
            } catch let error as PublicNoteError {
                return ControlResponse(error: error.description)
            }
        default:
            return try await handleMonitors(request)
        }
    }

    private func handleMonitors(_ request: ControlRequest) async throws -> ControlResponse {
        guard let monitors else { return ControlResponse(error: "monitor state needs a running server") }
        let wanted = request.monitor ?? MonitorRequest()
        switch request.command {
        case .monitorAdd:
            do {
                return ControlResponse(monitors: [try await monitors.add(json: wanted.specification ?? "{}")])
            } catch {
                return ControlResponse(error: error.description)
            }
        case .monitorRemove:
            do {
                try await monitors.remove(wanted.name ?? "")
                return ControlResponse(monitors: [])
            } catch {
                return ControlResponse(error: error.description)
            }
        case .monitor:
            let name = wanted.name ?? ""
            guard let monitor = await monitors.monitors().first(where: { $0.name == name }) else {
                return ControlResponse(error: "no monitor named \(name)")
            }
            let results = try await monitors.results(name, limit: max(1, min(wanted.limit ?? 20, 1000)))
            return ControlResponse(monitors: [monitor], probeResults: results)
        default:
            return ControlResponse(monitors: await monitors.monitors())
        }
    }
}
