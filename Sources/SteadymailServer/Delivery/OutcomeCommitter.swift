import SteadymailStorage

/// Records delivery outcomes of concurrent deliveries in shared transactions.
///
/// It exists because every transaction costs an fsync: with one `apply` per message, the disk, not the relays, would
/// cap delivery. Outcomes that arrive while a commit is running wait for the next one and share it; a batch that the
/// store refuses is retried one delivery at a time, so one conflict never loses the others' outcomes.
actor OutcomeCommitter {
    private let store: any QueueStore
    private let owner: String
    private let maximumBatch: Int
    private var pending: [(transitions: [RecipientTransition], waiter: CheckedContinuation<Void, any Error>)] = []
    private var committing = false

    init(store: any QueueStore, owner: String, maximumBatch: Int = 512) {
        self.store = store
        self.owner = owner
        self.maximumBatch = maximumBatch
    }

    /// Returns once `transitions` are durable, or throws what the store said about them.
    func apply(_ transitions: [RecipientTransition]) async throws {
        try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
            pending.append((transitions, waiter))
            if !committing {
                committing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            do {
                try await store.apply(batch.flatMap(\.transitions), owner: owner)
                for item in batch { item.waiter.resume() }
            } catch {
                for item in batch {
                    do {
                        try await store.apply(item.transitions, owner: owner)
                        item.waiter.resume()
                    } catch {
                        item.waiter.resume(throwing: error)
                    }
                }
            }
        }
        committing = false
    }
}
