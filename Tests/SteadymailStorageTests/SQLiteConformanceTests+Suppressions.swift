import Testing

extension SQLiteConformanceTests {
    @Test func suppressionsAreListedByAddressAndFiltered() async throws {
        try await withSQLiteStore(QueueStoreConformance.suppressionsAreListedByAddressAndFiltered)
    }

    @Test func removingASuppression() async throws {
        try await withSQLiteStore(QueueStoreConformance.removingASuppression)
    }
}
