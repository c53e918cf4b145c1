import Foundation
import SteadymailDomain
import SteadymailStorage

extension QueueControlHandler {
    /// `steadymail apikey create|list|revoke`. Works on a running server and, from the CLI, on the database directly
    /// (a key is usually created before the first start).
    func handleAPIKeys(_ request: ControlRequest) async throws -> ControlResponse {
        let keys = APIKeys(store: store)
        switch request.command {
        case .apiKeyCreate:
            guard let wanted = request.apiKey,
                !wanted.name.trimmingCharacters(in: .whitespaces).isEmpty, wanted.name.count <= 200,
                !wanted.name.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 })
            else { return ControlResponse(error: "an API key needs a name (1-200 printable characters)") }
            let (token, record) = try await keys.create(name: wanted.name, scope: wanted.scope ?? .send, now: Date())
            return ControlResponse(apiKeys: [APIKeyView(record)], createdKey: token.description)
        case .apiKeyRevoke:
            guard let id = request.apiKey?.name, try await store.revokeAPIKey(id: id, now: Date()),
                let record = try await store.apiKey(id: id)
            else { return ControlResponse(error: "no API key with id \(request.apiKey?.name ?? "")") }
            return ControlResponse(apiKeys: [APIKeyView(record)])
        default:
            return ControlResponse(apiKeys: try await store.apiKeys().map(APIKeyView.init))
        }
    }
}
