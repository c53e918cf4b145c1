import Foundation

/// Runs an operation that cannot be interrupted (a relay session bound only by its own stage timeouts) against a
/// deadline, and returns at the deadline without it.
///
/// It exists because `MonitorProbe.run` must not outlive its deadline, while a task group would wait for a child
/// that ignores cancellation. The operation is left to finish on its own; its late result is dropped (`OneAnswer`).
enum DeadlineRace {
    static func run<Value: Sendable>(until deadline: Date, _ operation: @escaping @Sendable () async -> Value) async
        -> Value?
    {
        let answer = OneAnswer<Value?>()
        Task { answer.give(.success(await operation())) }
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int64(max(deadline.timeIntervalSinceNow, 0) * 1000)))
            answer.give(.success(nil))
        }
        defer { timer.cancel() }
        do {
            return try await withCheckedThrowingContinuation { answer.wait($0) }
        } catch {
            return nil
        }
    }
}
