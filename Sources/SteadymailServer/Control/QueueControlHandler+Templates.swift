import Foundation
import SteadymailDomain

extension QueueControlHandler {
    /// `steadymail template add|list|show|remove|preview`; list, show and preview also from the database directly.
    func handleTemplates(_ request: ControlRequest) async throws -> ControlResponse {
        let templates = self.templates ?? Templates(store: store)
        do {
            switch request.command {
            case .templateList:
                return ControlResponse(templates: try await templates.list().map(TemplateView.init))
            case .templateSave, .templateRemove:
                guard pipeline != nil else {
                    return ControlResponse(error: "changing templates needs a running server")
                }
                guard let wanted = request.template else { return ControlResponse(error: "no template given") }
                if request.command == .templateRemove {
                    try await templates.remove(wanted.name)
                    return ControlResponse(templates: [])
                }
                let stored = try await templates.save(try wanted.source(), now: Date())
                return ControlResponse(templates: [TemplateView(stored)])
            case .templatePreview:
                guard let wanted = request.template else { return ControlResponse(error: "no template given") }
                return ControlResponse(rendered: try await templates.preview(wanted.name, email: wanted.email))
            default:
                guard let wanted = request.template else { return ControlResponse(error: "no template given") }
                return ControlResponse(templates: [TemplateView(try await templates.template(named: wanted.name))])
            }
        } catch let error as TemplatesError {
            return ControlResponse(error: error.description)
        }
    }
}
