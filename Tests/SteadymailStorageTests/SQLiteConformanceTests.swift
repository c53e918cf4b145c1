import Testing

@Suite("SQLite queue store conformance")
struct SQLiteConformanceTests {
    @Test func enqueueThenRead() async throws {
        try await withSQLiteStore(QueueStoreConformance.enqueueThenRead)
    }

    @Test func unknownMessageReadsAsNil() async throws {
        try await withSQLiteStore(QueueStoreConformance.unknownMessageReadsAsNil)
    }

    @Test func batchWithDuplicateStoresNothing() async throws {
        try await withSQLiteStore(QueueStoreConformance.batchWithDuplicateStoresNothing)
    }

    @Test func duplicateIDIsConflict() async throws {
        try await withSQLiteStore(QueueStoreConformance.duplicateIDIsConflict)
    }

    @Test func countsByStateAndPriority() async throws {
        try await withSQLiteStore(QueueStoreConformance.countsByStateAndPriority)
    }

    @Test func filters() async throws {
        try await withSQLiteStore(QueueStoreConformance.filters)
    }

    @Test func messageDetail() async throws {
        try await withSQLiteStore(QueueStoreConformance.messageDetail)
    }

    @Test func claimOrdersByPriorityThenAge() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimOrdersByPriorityThenAge)
    }

    @Test func claimRespectsLimit() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimRespectsLimit)
    }

    @Test func claimSkipsDeferredNotDueAndInFlight() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimSkipsDeferredNotDueAndInFlight)
    }

    @Test func leaseExpiryReturnsRecipientsToQueue() async throws {
        try await withSQLiteStore(QueueStoreConformance.leaseExpiryReturnsRecipientsToQueue)
    }

    @Test func applyRecordsOutcomes() async throws {
        try await withSQLiteStore(QueueStoreConformance.applyRecordsOutcomes)
    }

    @Test func applyRejectsWrongOwner() async throws {
        try await withSQLiteStore(QueueStoreConformance.applyRejectsWrongOwner)
    }

    @Test func applyIsAllOrNothing() async throws {
        try await withSQLiteStore(QueueStoreConformance.applyIsAllOrNothing)
    }

    @Test func survivesCloseAndReopen() async throws {
        try await withSQLiteFactory(QueueStoreConformance.survivesCloseAndReopen)
    }

    @Test func readOnlyCanReadButNotWrite() async throws {
        try await withSQLiteFactory(QueueStoreConformance.readOnlyCanReadButNotWrite)
    }
}
