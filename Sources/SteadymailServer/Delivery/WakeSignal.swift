import Synchronization

/// Wakes the delivery loop when there may be new work, so an idle queue costs no polling.
///
/// Intake signals after each enqueue; the loop waits for a signal or until the next due time, whichever is first.
/// Signals that arrive while the loop is busy are remembered (once), so none is lost.
public final class WakeSignal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    public init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func signal() {
        continuation.yield()
    }

    /// Returns after a signal, after `timeout`, or on cancellation.
    public func wait(timeout: Duration) async {
        let stream = self.stream
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                _ = await iterator.next()
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
