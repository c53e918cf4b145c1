import Foundation
import SteadymailSQLite
import SteadymailStorage

/// A fresh directory for one test's database files, removed afterwards.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "steadymail-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var queuePath: String { url.appendingPathComponent("queue/queue.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` with a SQLite store in a fresh directory, closing it and removing the directory afterwards.
func withSQLiteStore(_ body: (SQLiteQueueStore) async throws -> Void) async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try SQLiteQueueStore(path: directory.queuePath, busyTimeout: .seconds(5))
    do {
        try await body(store)
    } catch {
        try? store.close()
        throw error
    }
    try store.close()
}

/// Runs `body` with a factory of SQLite stores sharing one file in a fresh directory.
func withSQLiteFactory(_ body: (QueueStoreFactory) async throws -> Void) async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.queuePath
    try await body(
        QueueStoreFactory(
            open: { try SQLiteQueueStore(path: path, busyTimeout: .seconds(5)) },
            openReadOnly: { try SQLiteQueueStore.openReadOnly(path: path) },
            close: { store in try (store as? SQLiteQueueStore)?.close() }
        ))
}
