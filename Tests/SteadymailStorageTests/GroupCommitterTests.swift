import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@Suite("Group commit")
struct GroupCommitterTests {
    private typealias Fixture = QueueStoreConformance

    @Test func concurrentEnqueuesShareTransactions() async throws {
        try await withSQLiteStore { sqlite in
            let store = RecordingQueueStore(wrapping: sqlite, commitDelay: .milliseconds(5))
            let committer = GroupCommitter(store: store, maxBatch: 16, maxDelay: .milliseconds(2))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...200 {
                    group.addTask {
                        try await committer.enqueue(Fixture.message(n))
                        store.record(.resumed(Fixture.id(n)))
                    }
                }
                try await group.waitForAll()
            }

            #expect(store.transactions < 100)
            #expect(try await sqlite.counts().total == 200)
            let log = store.log
            let batchSizes = log.compactMap { entry in
                if case .committed(let ids) = entry { ids.count } else { nil }
            }
            #expect(batchSizes.allSatisfy { $0 <= 16 })
            for n in 1...200 {
                let committed = log.firstIndex { entry in
                    if case .committed(let ids) = entry { ids.contains(Fixture.id(n)) } else { false }
                }
                let resumed = log.firstIndex(of: .resumed(Fixture.id(n)))
                #expect(committed != nil && resumed != nil && committed! < resumed!, "message \(n)")
            }
        }
    }

    @Test func zeroDelayCommitsAtOnce() async throws {
        try await withSQLiteStore { sqlite in
            let store = RecordingQueueStore(wrapping: sqlite)
            let committer = GroupCommitter(store: store, maxBatch: 64, maxDelay: .zero)
            for n in 1...3 {
                try await committer.enqueue(Fixture.message(n))
            }
            #expect(store.transactions == 3)
            let stored = try await sqlite.counts().total
            #expect(stored == 3)
        }
    }

    @Test func failedBatchFailsEveryWaiter() async throws {
        try await withSQLiteStore { sqlite in
            let store = RecordingQueueStore(wrapping: sqlite, failure: .unavailable("disk full"))
            let committer = GroupCommitter(store: store, maxBatch: 3, maxDelay: .seconds(60))
            let outcomes = await enqueueConcurrently(
                [1, 2, 3].map { Fixture.message($0) }, through: committer)

            #expect(outcomes.values.allSatisfy { $0 == .unavailable("disk full") })
            #expect(outcomes.count == 3)
            #expect(store.transactions == 1)
            let stored = try await sqlite.counts().total
            #expect(stored == 0)
        }
    }

    @Test func conflictIsIsolatedToItsMessage() async throws {
        try await withSQLiteStore { sqlite in
            try await sqlite.enqueue([Fixture.message(2)])
            let store = RecordingQueueStore(wrapping: sqlite)
            let committer = GroupCommitter(store: store, maxBatch: 3, maxDelay: .seconds(60))
            let outcomes = await enqueueConcurrently(
                [1, 2, 3].map { Fixture.message($0) }, through: committer)

            #expect(outcomes[Fixture.id(1)] == .some(nil))
            #expect(outcomes[Fixture.id(3)] == .some(nil))
            if case .conflict = outcomes[Fixture.id(2)] ?? nil {
            } else {
                Issue.record(
                    "expected a conflict for the duplicate, got \(String(describing: outcomes[Fixture.id(2)]))"
                )
            }
            #expect(store.transactions == 4)
            let stored = try await sqlite.counts().total
            #expect(stored == 3)
        }
    }

    @Test func aGroupIsNeverSplitEvenWhenLargerThanABatch() async throws {
        try await withSQLiteStore { sqlite in
            let store = RecordingQueueStore(wrapping: sqlite, commitDelay: .milliseconds(5))
            let committer = GroupCommitter(store: store, maxBatch: 4, maxDelay: .milliseconds(2))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await committer.enqueue(group: (1...6).map { Fixture.message($0) }) }
                for n in 7...12 {
                    group.addTask { try await committer.enqueue(Fixture.message(n)) }
                }
                try await group.waitForAll()
            }
            let batches = store.log.compactMap { entry in
                if case .committed(let ids) = entry { Set(ids) } else { nil }
            }
            let grouped = Set((1...6).map { Fixture.id($0) })
            #expect(batches.contains { grouped.isSubset(of: $0) }, "the group was split: \(batches)")
            #expect(batches.filter { !$0.isDisjoint(with: grouped) }.count == 1)
            #expect(try await sqlite.counts().total == 12)
        }
    }

    @Test func aConflictFailsTheWholeGroupOnly() async throws {
        try await withSQLiteStore { sqlite in
            try await sqlite.enqueue([Fixture.message(2)])
            let committer = GroupCommitter(store: sqlite, maxBatch: 8, maxDelay: .milliseconds(20))
            let group = Task { try await committer.enqueue(group: [Fixture.message(1), Fixture.message(2)]) }
            let single = Task { try await committer.enqueue(Fixture.message(3)) }
            await #expect(throws: StorageError.self) { try await group.value }
            try await single.value
            #expect(try await sqlite.message(Fixture.id(1)) == nil)
            #expect(try await sqlite.message(Fixture.id(3)) != nil)
        }
    }

    /// Enqueues all messages at once and collects each waiter's outcome: nil for success, else its storage error.
    private func enqueueConcurrently(
        _ messages: [NewMessage], through committer: GroupCommitter
    ) async -> [QueueID: StorageError?] {
        await withTaskGroup(of: (QueueID, StorageError?).self) { group in
            for message in messages {
                group.addTask {
                    do {
                        try await committer.enqueue(message)
                        return (message.id, nil)
                    } catch let error as StorageError {
                        return (message.id, error)
                    } catch {
                        return (message.id, .unavailable("unexpected \(error)"))
                    }
                }
            }
            var outcomes: [QueueID: StorageError?] = [:]
            for await (id, error) in group { outcomes[id] = error }
            return outcomes
        }
    }
}
