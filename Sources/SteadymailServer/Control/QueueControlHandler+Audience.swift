import Foundation
import SteadymailDomain
import SteadymailStorage

extension QueueControlHandler {
    /// `steadymail lists`, `list ...`, `subscribers ...` and `subscriber ...`. Reads work on the database directly;
    /// changes need the running server (`pipeline` set), which also sends double opt-in confirmations.
    func handleAudience(_ request: ControlRequest) async throws -> ControlResponse {
        let audience = Audience(store: store, confirmations: confirmations)
        let wanted = request.audience ?? AudienceRequest()
        let changes: Set<ControlRequest.Command> = [
            .listCreate, .listRemove, .subscriberAdd, .subscriberSet, .subscriberRemove, .subscribersImport,
            .subscriberSubscribe, .subscriberUnsubscribe, .suppressionAdd, .suppressionRemove,
        ]
        if changes.contains(request.command) && pipeline == nil {
            return ControlResponse(error: "\(request.command.rawValue) needs a running server")
        }
        do {
            return ControlResponse(audience: try await answer(request.command, wanted, audience))
        } catch let error as AudienceError {
            return ControlResponse(error: error.description)
        }
    }

    private func answer(_ command: ControlRequest.Command, _ wanted: AudienceRequest, _ audience: Audience)
        async throws -> AudienceResponse
    {
        switch command {
        case .listCreate:
            let created = try await audience.createList(
                name: wanted.list ?? "", optIn: wanted.optIn ?? .single, description: wanted.description ?? "")
            return AudienceResponse(lists: [created])
        case .listShow:
            return AudienceResponse(lists: [try await audience.list(named: wanted.list ?? "")])
        case .listRemove:
            try await audience.removeList(named: wanted.list ?? "")
            return AudienceResponse(lists: [])
        case .subscribers:
            return AudienceResponse(
                subscribers: try await audience.subscribers(
                    list: wanted.list, status: wanted.status, after: wanted.after, limit: wanted.limit))
        case .subscriberAdd:
            let added = try await audience.add(
                email: wanted.email ?? "", name: wanted.name, attributes: wanted.attributes ?? [:],
                lists: wanted.lists ?? [], status: wanted.status, preconfirm: wanted.preconfirm ?? false)
            return AudienceResponse(subscribers: [added.subscriber], confirmationsQueued: added.confirmationsQueued)
        case .subscriberSubscribe:
            let subscribed = try await audience.subscribe(
                email: wanted.email ?? "", lists: wanted.lists ?? [], preconfirm: wanted.preconfirm ?? false,
                resubscribe: wanted.resubscribe ?? false)
            return AudienceResponse(
                subscribers: [subscribed.subscriber], confirmationsQueued: subscribed.confirmationsQueued)
        case .subscriberUnsubscribe:
            return AudienceResponse(
                subscribers: [try await audience.unsubscribe(email: wanted.email ?? "", lists: wanted.lists ?? [])])
        case .subscriberShow:
            return AudienceResponse(subscribers: [try await audience.show(email: wanted.email ?? "")])
        case .subscriberSet:
            let updated = try await audience.update(
                email: wanted.email ?? "", name: wanted.name, status: wanted.status, attributes: wanted.attributes)
            return AudienceResponse(subscribers: [updated])
        case .subscriberExport:
            return AudienceResponse(export: try await audience.export(email: wanted.email ?? ""))
        case .subscriberRemove:
            try await audience.remove(email: wanted.email ?? "")
            return AudienceResponse(subscribers: [])
        case .subscribersImport:
            return AudienceResponse(
                imported: try await audience.importBatch(
                    wanted.rows ?? [], list: wanted.list, overwrite: wanted.overwrite ?? false,
                    preconfirm: wanted.preconfirm ?? false))
        case .suppressions:
            return AudienceResponse(
                suppressions: try await audience.suppressions(
                    reason: wanted.reason, after: wanted.afterEmail, limit: wanted.limit),
                suppressionCounts: try await audience.suppressionCounts())
        case .suppressionAdd:
            return AudienceResponse(
                suppressions: [
                    try await audience.suppress(email: wanted.email ?? "", reason: wanted.reason, note: wanted.note)
                ])
        case .suppressionRemove:
            try await audience.unsuppress(email: wanted.email ?? "")
            return AudienceResponse(suppressions: [])
        default:
            return AudienceResponse(lists: try await audience.lists())
        }
    }
}
