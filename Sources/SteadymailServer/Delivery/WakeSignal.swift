import Synchronization

/// Wakes the delivery loop when there may be new work, so an idle queue costs no polling.
///
/// Intake signals after each enqueue; the loop waits for a signal or until the next due time, whichever is first.
/// Signals that arrive while the loop is busy are remembered (once), so none is lost. There is one waiter, the loop.
///
/// It keeps its own state rather than an `AsyncStream`: cancelling a stream's `next()` when the timeout wins finishes
/// the stream, after which every wait would return at once and the loop would spin.
public final class WakeSignal: Sendable {
    private struct State {
        /// A signal arrived while nobody waited.
        var pending = false
        /// The wait in progress, numbered so that a late timer of an earlier wait cannot end it.
        var current: UInt64?
        var lastID: UInt64 = 0
        /// The wait in progress timed out or was cancelled before it parked.
        var ended = false
        var parked: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let parked = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let parked = state.parked else {
                state.pending = true
                return nil
            }
            state.parked = nil
            return parked
        }
        parked?.resume()
    }

    /// Returns after a signal, after `timeout`, or on cancellation.
    public func wait(timeout: Duration) async {
        let id = state.withLock { state -> UInt64? in
            if state.pending {
                state.pending = false
                return nil
            }
            state.lastID += 1
            state.current = state.lastID
            state.ended = false
            return state.lastID
        }
        guard let id else { return }
        let timer = Task {
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self.end(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    guard state.current == id, !state.ended else { return true }
                    state.parked = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            self.end(id)
        }
        timer.cancel()
        state.withLock { state in
            if state.current == id { state.current = nil }
        }
    }

    /// Ends wait `id` (timeout or cancellation), whether it has parked yet or not.
    private func end(_ id: UInt64) {
        let parked = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.current == id else { return nil }
            guard let parked = state.parked else {
                state.ended = true
                return nil
            }
            state.parked = nil
            return parked
        }
        parked?.resume()
    }
}
