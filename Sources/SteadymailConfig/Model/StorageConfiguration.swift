/// Which storage backend holds the queue, and its settings.
///
/// It exists so that choosing a backend is one switch over ``StorageBackend``; today only SQLite is accepted.
public struct StorageConfiguration: Sendable, Equatable {
    public var backend: StorageBackend
    public var sqlite: SQLiteConfiguration
}

/// The storage backends a configuration may name.
///
/// It exists so that an unsupported backend is refused at start-up, not when the queue is first opened.
public enum StorageBackend: String, Sendable, CaseIterable {
    case sqlite
}

/// Settings of the SQLite backend.
///
/// It exists to carry the resolved database path (default `<data_dir>/queue.sqlite`) and lock wait time.
public struct SQLiteConfiguration: Sendable, Equatable {
    public var path: String
    public var busyTimeout: Duration
}
