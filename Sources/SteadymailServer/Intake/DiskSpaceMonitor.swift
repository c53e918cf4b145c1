import Foundation
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Watches free space on the file system that holds the data directory and closes intake when it runs low.
///
/// It exists because accepting a message is a promise to keep it: when free space falls below
/// `max(minimumFreeBytes, minimumFreePercent of the file system)`, intake answers 452 4.3.1 instead of taking mail it
/// might not be able to write.
public final class DiskSpaceMonitor: Service, Sendable {
    let path: String
    let minimumFreeBytes: Int
    let minimumFreePercent: Double
    let interval: Duration
    let logger: Logger
    private let available = Atomic<Bool>(true)

    public init(path: String, minimumFreeBytes: Int, minimumFreePercent: Double, interval: Duration, logger: Logger) {
        self.path = path
        self.minimumFreeBytes = minimumFreeBytes
        self.minimumFreePercent = minimumFreePercent
        self.interval = interval
        self.logger = logger
        check()
    }

    /// Whether intake may accept mail now.
    public var intakeAvailable: Bool { available.load(ordering: .relaxed) }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: self.interval)
                self.check()
            }
        }
    }

    /// Measures now and updates `intakeAvailable`.
    @discardableResult
    public func check() -> Bool {
        guard let (free, total) = Self.space(path) else { return intakeAvailable }
        let threshold = max(Double(minimumFreeBytes), Double(total) * minimumFreePercent / 100)
        let enough = Double(free) >= threshold
        let before = available.exchange(enough, ordering: .relaxed)
        if before != enough {
            if enough {
                logger.notice("intake reopened: free disk space recovered", metadata: ["free_bytes": "\(free)"])
            } else {
                logger.error(
                    "intake closed: free disk space below minimum",
                    metadata: ["free_bytes": "\(free)", "minimum_bytes": "\(String(format: "%.0f", threshold))"])
            }
        }
        return enough
    }

    /// Free bytes available to unprivileged users and total bytes of the file system holding `path`.
    static func space(_ path: String) -> (free: UInt64, total: UInt64)? {
        var stats = statvfs()
        guard statvfs(path, &stats) == 0 else { return nil }
        let unit = UInt64(stats.f_frsize)
        return (UInt64(stats.f_bavail) * unit, UInt64(stats.f_blocks) * unit)
    }
}
