import Testing

extension SQLiteConformanceTests {
    @Test func feedbackIsStoredOnceAndCounted() async throws {
        try await withSQLiteStore(QueueStoreConformance.feedbackIsStoredOnceAndCounted)
    }
}
