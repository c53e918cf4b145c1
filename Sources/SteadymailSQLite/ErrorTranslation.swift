import GRDB
import SteadymailStorage

/// Runs a database operation and reports SQLite failures as `StorageError`: constraint violations are conflicts,
/// everything else (disk full, I/O, read-only, busy, closed) means the store cannot serve the request.
func translatingErrorsSynchronously<T>(_ operation: () throws -> T) throws -> T {
    do {
        return try operation()
    } catch {
        throw storageError(error)
    }
}

/// The asynchronous form of `translatingErrorsSynchronously`.
func translatingErrors<T>(_ operation: () async throws -> T) async throws -> T {
    do {
        return try await operation()
    } catch {
        throw storageError(error)
    }
}

private func storageError(_ error: any Error) -> any Error {
    switch error {
    case let error as StorageError:
        return error
    case let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT:
        return StorageError.conflict(error.message ?? error.description)
    case let error as DatabaseError:
        return StorageError.unavailable(error.description)
    default:
        return StorageError.unavailable(String(describing: error))
    }
}
