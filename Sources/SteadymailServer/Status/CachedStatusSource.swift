import Foundation

/// A `StatusSource` that reuses one snapshot for `status.cache_ttl` and lets concurrent requests share one reading.
///
/// It exists because `/status` is public: however many clients poll it, the relays, monitors, probe history and
/// incidents are read at most once per interval.
public actor CachedStatusSource: StatusSource {
    let inner: any StatusSource
    let ttl: TimeInterval
    private var cached: (snapshot: StatusSnapshot, at: Date)?
    private var reading: Task<StatusSnapshot, any Error>?

    public init(_ inner: any StatusSource, ttl: Duration) {
        self.inner = inner
        self.ttl = ttl.timeInterval
    }

    public func snapshot(now: Date) async throws -> StatusSnapshot {
        if let cached, cached.at <= now, now.timeIntervalSince(cached.at) < ttl { return cached.snapshot }
        if let reading { return try await reading.value }
        let inner = inner
        let task = Task { try await inner.snapshot(now: now) }
        reading = task
        defer { reading = nil }
        let snapshot = try await task.value
        cached = (snapshot, now)
        return snapshot
    }
}
