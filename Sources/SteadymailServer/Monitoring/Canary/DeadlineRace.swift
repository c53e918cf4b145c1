import Foundation
import Synchronization

/// Runs an operation that cannot be interrupted (a relay session bound only by its own stage timeouts) against a
/// deadline, and returns at the deadline without it.
///
/// It exists because `MonitorProbe.run` must not outlive its deadline, while a task group would wait for a child
/// that ignores cancellation. The operation is left to finish on its own; its late result is dropped.
enum DeadlineRace {
    static func run<Value: Sendable>(until deadline: Date, _ operation: @escaping @Sendable () async -> Value) async
        -> Value?
    {
        let answer = FirstAnswer<Value?>()
        Task { answer.give(await operation()) }
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int64(max(deadline.timeIntervalSinceNow, 0) * 1000)))
            answer.give(nil)
        }
        let result = await answer.value()
        timer.cancel()
        return result
    }
}

/// Resumes one waiter with the first of several racing results and drops the rest; a result given before the waiter
/// arrives is kept for it.
private final class FirstAnswer<Value: Sendable>: Sendable {
    private enum State {
        case empty
        case waiting(CheckedContinuation<Value, Never>)
        case answered(Value)
        case done
    }

    private let state = Mutex(State.empty)

    func value() async -> Value {
        await withCheckedContinuation { continuation in
            let early: Value? = state.withLock { state in
                guard case .answered(let value) = state else {
                    state = .waiting(continuation)
                    return nil
                }
                state = .done
                return value
            }
            if let early { continuation.resume(returning: early) }
        }
    }

    func give(_ value: Value) {
        let waiting: CheckedContinuation<Value, Never>? = state.withLock { state in
            switch state {
            case .empty:
                state = .answered(value)
                return nil
            case .waiting(let continuation):
                state = .done
                return continuation
            case .answered, .done:
                return nil
            }
        }
        waiting?.resume(returning: value)
    }
}
