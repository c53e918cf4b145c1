import Testing

extension SQLiteConformanceTests {
    @Test func engagementCountsTotalsAndUniques() async throws {
        try await withSQLiteStore(QueueStoreConformance.engagementCountsTotalsAndUniques)
    }
}
