import Foundation
import Logging
import ServiceLifecycle
import SteadymailStorage

/// Gathers the opens and clicks the public listener sees and writes them to the store in one transaction about
/// every second, and once more on shutdown.
///
/// It exists so that the pixel and the redirect answer at once: a route hands its hit over and returns, without
/// waiting for a write, and a burst of opens after a send costs one commit a second instead of one per hit. The buffer
/// is bounded (`capacity`); beyond it hits are dropped, never waited for, and a log line counts them. A failed write
/// keeps its hits for the next attempt, within the same bound. The service group stops it after the public listener,
/// so the last hits are written.
actor EngagementRecorder: Service {
    /// How often the buffer is written.
    static let flushInterval: Duration = .seconds(1)
    /// The most hits held before they are dropped.
    static let defaultCapacity = 100_000

    private let store: any EngagementStore
    private let capacity: Int
    private let interval: Duration
    private let logger: Logger
    private var buffer: [EngagementHit] = []
    private var dropped = 0

    init(
        store: any EngagementStore, capacity: Int = defaultCapacity, interval: Duration = flushInterval,
        logger: Logger
    ) {
        self.store = store
        self.capacity = capacity
        self.interval = interval
        self.logger = logger
    }

    /// Takes one hit for the next write; drops it when the buffer is full.
    func record(_ hit: EngagementHit) {
        guard buffer.count < capacity else {
            dropped += 1
            return
        }
        buffer.append(hit)
    }

    /// How many hits wait for the next write.
    var pending: Int { buffer.count }

    /// Writes what is buffered in one transaction, and reports the hits dropped since the last write.
    func flush() async {
        if dropped > 0 {
            logger.warning(
                "tracking hits dropped: the buffer was full",
                metadata: ["dropped": "\(dropped)", "capacity": "\(capacity)"])
            dropped = 0
        }
        guard !buffer.isEmpty else { return }
        let hits = buffer
        buffer = []
        do {
            try await store.recordEngagement(hits)
        } catch {
            // Kept for the next write, oldest first, within the bound: hits that arrived meanwhile go after them.
            let kept = Array((hits + buffer).prefix(capacity))
            dropped += hits.count + buffer.count - kept.count
            buffer = kept
            logger.warning(
                "tracking hits not written yet", metadata: ["hits": "\(hits.count)", "error": "\(error)"])
        }
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: self.interval)
                await self.flush()
            }
        }
        await flush()
        if !buffer.isEmpty || dropped > 0 {
            logger.warning(
                "tracking hits lost at shutdown", metadata: ["hits": "\(buffer.count + dropped)"])
        }
    }
}
