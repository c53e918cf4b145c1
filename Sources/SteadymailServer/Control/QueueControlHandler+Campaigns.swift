import Foundation
import SteadymailDomain

extension QueueControlHandler {
    /// `steadymail campaign ...` and `steadymail campaigns`; show, report and list also from the database directly.
    func handleCampaign(_ request: ControlRequest) async throws -> ControlResponse {
        let operations = campaigns ?? CampaignOperations(store: store, renderer: nil, wake: nil, hasPublicURL: false)
        let wanted = request.campaign ?? CampaignRequest()
        let now = Date()
        do {
            if request.command == .campaignList { return ControlResponse(campaigns: try await operations.list()) }
            if request.command == .campaignCreate {
                return ControlResponse(campaigns: [try await operations.create(wanted, now: now)])
            }
            guard let id = wanted.id else { return ControlResponse(error: "id: a campaign id is needed") }
            if request.command == .campaignShow {
                return ControlResponse(campaigns: [try await operations.show(id: id)])
            }
            if request.command == .campaignReport {
                return ControlResponse(campaignReport: try await operations.report(id: id, now: now))
            }
            guard campaigns != nil else { return ControlResponse(error: "changing a campaign needs a running server") }
            let view: CampaignView
            switch request.command {
            case .campaignSchedule: view = try await operations.schedule(id: id, at: wanted.sendAt ?? "", now: now)
            case .campaignStart: view = try await operations.start(id: id, now: now)
            case .campaignPause: view = try await operations.pause(id: id, now: now)
            case .campaignResume: view = try await operations.resume(id: id, now: now)
            default: view = try await operations.cancel(id: id, now: now)
            }
            return ControlResponse(campaigns: [view])
        } catch let error as CampaignRequestError {
            return ControlResponse(error: error.description)
        }
    }
}
