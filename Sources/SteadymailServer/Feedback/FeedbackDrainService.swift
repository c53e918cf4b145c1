import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Applies the effects of stored feedback events that are not processed yet: at start, then every
/// `reputation.check_interval`, and at once when delivery signals `wake` after settling a bounce.
///
/// It exists because synchronous bounces are stored by the delivery's settlement transaction, not handed to the
/// processor, and because an event stored just before a crash must still suppress its address; the processor's
/// effects are idempotent, so draining an event twice changes nothing.
public final class FeedbackDrainService: Service, Sendable {
    let processor: FeedbackProcessor
    let logger: Logger
    /// Signalled by delivery after it settled a bounce, so that a campaign's synchronous bounces take effect (and
    /// count for the reputation guard's next check) without waiting for the interval.
    let wake: WakeSignal
    private let interval: Mutex<Duration>

    public init(processor: FeedbackProcessor, interval: Duration, wake: WakeSignal = WakeSignal(), logger: Logger) {
        self.processor = processor
        self.interval = Mutex(interval)
        self.wake = wake
        self.logger = logger
    }

    /// Takes a reloaded `reputation.check_interval` from the next tick on.
    public func update(interval: Duration) {
        self.interval.withLock { $0 = interval }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.drain()
                await self.wake.wait(timeout: self.interval.withLock { $0 })
            }
        }
    }

    func drain() async {
        do {
            while try await processor.drain() > 0 {}
        } catch is CancellationError {
            return
        } catch {
            logger.error("feedback drain failed", metadata: ["error": "\(error)"])
        }
    }
}
