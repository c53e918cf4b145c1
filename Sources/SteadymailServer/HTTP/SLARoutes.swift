import Foundation
import Hummingbird

/// `GET /v1/sla` (scope `read`): each relay against its SLA and each priority class against its delivery objective.
///
/// It exists so that the report of `steadymail sla --json` is available over HTTP in the same shape.
struct SLARoutes {
    let sla: any SLAReporting

    func register(on api: some RouterMethods<APIRequestContext>) {
        api.get("sla") { _, context -> Response in
            _ = try context.require(.read)
            return HTTPService.jsonResponse(.ok, try await sla.report())
        }
    }
}
