import Foundation

/// Makes many concurrently accepted messages durable with few transactions. It exists because the cost of accepting
/// a message is dominated by the flush at commit, not by the bytes written: SMTP sessions that finish DATA together
/// share one commit, and each session still answers 250 only after its own message is durable.
///
/// The batching adapts to load. When no commit is in flight, the first request opens a batch and waits at most
/// `maxDelay` (zero commits at once) or until `maxBatch` requests arrived. While a commit is in flight, new requests
/// accumulate and the next commit takes them all, up to `maxBatch` per transaction. A failed batch fails each of its
/// waiters and stores nothing; a batch failing with `StorageError.conflict` is retried message by message, so one
/// duplicate id fails only its own waiter. A group handed over together (`enqueue(group:)`, an API batch with one
/// idempotency record) always shares one transaction.
///
/// A waiter is not cancellable: once handed over, its message is committed or fails with its batch.
public actor GroupCommitter {
    private struct Request {
        /// Committed together, in one transaction.
        var messages: [NewMessage]
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let store: any QueueStore
    private let maxBatch: Int
    private let maxDelay: Duration
    private var pending: [Request] = []
    /// The number of messages in `pending`.
    private var pendingMessages = 0
    private var isDraining = false
    private var window: Task<Void, Never>?

    public init(store: any QueueStore, maxBatch: Int, maxDelay: Duration) {
        self.store = store
        self.maxBatch = max(1, maxBatch)
        self.maxDelay = max(.zero, maxDelay)
    }

    /// Returns once the batch holding `message` is committed, or throws that batch's error.
    public func enqueue(_ message: NewMessage) async throws {
        try await enqueue(group: [message])
    }

    /// Returns once the batch holding every message of `group` is committed, or throws that batch's error: the group is
    /// never split across transactions, even when it is larger than `maxBatch`.
    public func enqueue(group: [NewMessage]) async throws {
        guard !group.isEmpty else { return }
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Request(messages: group, continuation: continuation))
            pendingMessages += group.count
            if pendingMessages >= maxBatch { window?.cancel() }
            if !isDraining {
                isDraining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        await waitForBatchWindow()
        while !pending.isEmpty {
            var count = 1
            var messages = pending[0].messages.count
            while count < pending.count, messages + pending[count].messages.count <= maxBatch {
                messages += pending[count].messages.count
                count += 1
            }
            let batch = Array(pending.prefix(count))
            pending.removeFirst(count)
            pendingMessages -= messages
            await commit(batch)
        }
        isDraining = false
    }

    private func waitForBatchWindow() async {
        guard maxDelay > .zero, pendingMessages < maxBatch else { return }
        let delay = maxDelay
        let timer = Task { _ = try? await Task.sleep(for: delay) }
        window = timer
        await timer.value
        window = nil
    }

    private func commit(_ batch: [Request]) async {
        do {
            try await store.enqueue(batch.flatMap(\.messages))
            for request in batch { request.continuation.resume() }
        } catch StorageError.conflict where batch.count > 1 {
            await commitIndividually(batch)
        } catch {
            for request in batch { request.continuation.resume(throwing: error) }
        }
    }

    private func commitIndividually(_ batch: [Request]) async {
        for request in batch {
            do {
                try await store.enqueue(request.messages)
                request.continuation.resume()
            } catch {
                request.continuation.resume(throwing: error)
            }
        }
    }
}
