import Testing

extension SQLiteConformanceTests {
    @Test func listsAreKeptByName() async throws {
        try await withSQLiteStore(QueueStoreConformance.listsAreKeptByName)
    }

    @Test func upsertInsertsUpdatesAndSubscribes() async throws {
        try await withSQLiteStore(QueueStoreConformance.upsertInsertsUpdatesAndSubscribes)
    }

    @Test func upsertSkipsDuplicatesAndSuppressed() async throws {
        try await withSQLiteStore(QueueStoreConformance.upsertSkipsDuplicatesAndSuppressed)
    }

    @Test func upsertIntoUnknownListWritesNothing() async throws {
        try await withSQLiteStore(QueueStoreConformance.upsertIntoUnknownListWritesNothing)
    }

    @Test func subscriberStatusSubscriptionAndErasure() async throws {
        try await withSQLiteStore(QueueStoreConformance.subscriberStatusSubscriptionAndErasure)
    }

    @Test func subscribersArePagedByIDAndFiltered() async throws {
        try await withSQLiteStore(QueueStoreConformance.subscribersArePagedByIDAndFiltered)
    }

    @Test func confirmingASubscription() async throws {
        try await withSQLiteStore(QueueStoreConformance.confirmingASubscription)
    }

    @Test func upsertWithoutOverwriteOnlyFillsAnEmptyName() async throws {
        try await withSQLiteStore(QueueStoreConformance.upsertWithoutOverwriteOnlyFillsAnEmptyName)
    }
}
