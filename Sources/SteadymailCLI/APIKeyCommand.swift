import ArgumentParser
import Foundation
import SteadymailConfig
import SteadymailDomain
import SteadymailSQLite
import SteadymailServer

/// `steadymail apikey create|list|revoke`: the keys applications present to the HTTP API.
struct APIKeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apikey", abstract: "Create, list and revoke HTTP API keys (only their hashes are stored).",
        subcommands: [Create.self, List.self, Revoke.self])

    /// `steadymail apikey create --name N [--scope send|read|admin]`
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print it once; it cannot be shown again.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "A name for the key, e.g. the application using it.") var name: String
        @Option(help: "send (submit mail), read (trace and queue state) or admin (everything).")
        var scope: APIKeyScope = .send
        @Flag(help: "Print JSON: {\"key\": ..., \"id\": ..., ...}.") var json = false

        func run() async throws {
            let response = try await APIKeyAccess(options: options).send(
                ControlRequest(command: .apiKeyCreate, apiKey: APIKeyRequest(name: name, scope: scope)))
            guard let key = response.createdKey, let view = response.apiKeys?.first else {
                throw ControlError.protocolError("the server sent no key")
            }
            if json { return try printJSON(CreatedKey(key: key, id: view.id, name: view.name, scope: view.scope)) }
            print(key)
            FileHandle.standardError.write(
                Data("API key \(view.id) (\(view.scope.rawValue)) created; store it now, it is not shown again.\n".utf8)
            )
        }
    }

    /// `steadymail apikey list [--json]`
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys: id, name, scope, created, revoked.")
        @OptionGroup var options: ConfigOptions
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let keys = try await APIKeyAccess(options: options).send(ControlRequest(command: .apiKeyList)).apiKeys ?? []
            if json { return try printJSON(keys) }
            print(
                table(
                    [["ID", "NAME", "SCOPE", "CREATED", "REVOKED"]]
                        + keys.map { [$0.id, $0.name, $0.scope.rawValue, $0.createdAt, $0.revokedAt ?? "-"] }))
        }
    }

    /// `steadymail apikey revoke ID`
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key at once. Idempotent.")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The key's id (the part after sm_ and before the next _).") var id: String

        func run() async throws {
            _ = try await APIKeyAccess(options: options).send(
                ControlRequest(command: .apiKeyRevoke, apiKey: APIKeyRequest(name: id)))
            print("\(id): revoked")
        }
    }

    struct CreatedKey: Encodable {
        var key: String
        var id: String
        var name: String
        var scope: APIKeyScope
    }
}

extension APIKeyScope: ExpressibleByArgument {}

/// Reaches the key store: through the running server, or, when none runs, by opening the database for writing (keys
/// are usually created before the first start).
struct APIKeyAccess {
    let options: ConfigOptions

    func send(_ request: ControlRequest) async throws -> ControlResponse {
        let configuration = try options.load()
        let client = ControlClient(path: configuration.controlSocket)
        if await client.isServerRunning() { return try await client.send(request) }
        try FileManager.default.createDirectory(
            atPath: configuration.dataDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let store = try SQLiteQueueStore(
            path: configuration.storage.sqlite.path, busyTimeout: configuration.storage.sqlite.busyTimeout)
        defer { try? store.close() }
        let response = await QueueControlHandler(store: store, pipeline: nil).handle(request)
        if let error = response.error { throw ControlError.server(error) }
        return response
    }
}
