import Synchronization

/// The idempotency keys whose requests are being processed on this node right now.
///
/// It exists to answer a concurrent duplicate (a client retrying before its first attempt finished) with 409 at once
/// instead of letting both race to the store. One node needs nothing more; with several nodes sharing a PostgreSQL
/// store, the primary key of the stored answers refuses the second commit, which the send service also turns into 409.
final class IdempotencyGate: Sendable {
    private struct Pair: Hashable {
        var apiKeyID: String
        var key: String
    }

    private let inFlight = Mutex<Set<Pair>>([])

    /// Marks the pair in flight; false when it already is.
    func enter(apiKeyID: String, key: String) -> Bool {
        inFlight.withLock { $0.insert(Pair(apiKeyID: apiKeyID, key: key)).inserted }
    }

    func leave(apiKeyID: String, key: String) {
        _ = inFlight.withLock { $0.remove(Pair(apiKeyID: apiKeyID, key: key)) }
    }
}
