import Foundation
import SteadymailConfig
import SteadymailSQLite
import SteadymailServer

/// How a CLI read command reaches the queue: through the running server's control socket, or, when no server runs,
/// by reading the database directly and read-only.
struct QueueAccess {
    let configuration: SteadymailConfiguration

    func send(_ request: ControlRequest) async throws -> ControlResponse {
        let client = ControlClient(path: configuration.controlSocket)
        if await client.isServerRunning() {
            return try await client.send(request)
        }
        let path = configuration.storage.sqlite.path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ControlError.server("no queue database at \(path) and no server running")
        }
        let store = try SQLiteQueueStore.openReadOnly(path: path)
        let response = await QueueControlHandler(
            store: store, pipeline: nil,
            maintenance: MaintenanceOperations(store: store, configuration: configuration)
        ).handle(request)
        if let error = response.error { throw ControlError.server(error) }
        return response
    }
}

/// Prints a value as one JSON document on standard output, the shape every `--json` flag promises.
func printJSON<Value: Encodable>(_ value: Value) throws {
    let encoder = JSONEncoder.control
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Pads columns of a plain-text table.
func table(_ rows: [[String]]) -> String {
    guard let first = rows.first else { return "" }
    let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
}
