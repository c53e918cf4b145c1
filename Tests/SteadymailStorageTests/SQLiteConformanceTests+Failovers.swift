import Testing

extension SQLiteConformanceTests {
    @Test func failoversAreRecordedWithTheSettlement() async throws {
        try await withSQLiteStore(QueueStoreConformance.failoversAreRecordedWithTheSettlement)
    }
}
