import Foundation

extension ProbeRun {
    /// Runs `operation` and returns its result, or nil when the deadline comes first: the operation is then cancelled
    /// and its late result dropped.
    ///
    /// Internal checks call the store, which may wait on a busy writer; the probe still ends on time.
    func bounded<Value: Sendable>(_ operation: @escaping @Sendable () async throws -> Value) async
        -> Result<Value, any Error>?
    {
        let answer = OneAnswer<Value?>()
        let work = Task {
            do {
                answer.give(.success(try await operation()))
            } catch {
                answer.give(.failure(error))
            }
        }
        let limit = remaining
        let timer = Task {
            try? await Task.sleep(for: limit)
            answer.give(.success(nil))
        }
        defer { timer.cancel() }
        do {
            guard let value = try await withCheckedThrowingContinuation({ answer.wait($0) }) else {
                work.cancel()
                return nil
            }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }
}
