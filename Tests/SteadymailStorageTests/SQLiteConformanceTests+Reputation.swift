import Testing

extension SQLiteConformanceTests {
    @Test func reputationCountsDeliveredBouncesAndComplaintsInTheWindow() async throws {
        try await withSQLiteStore(QueueStoreConformance.reputationCountsDeliveredBouncesAndComplaintsInTheWindow)
    }
}
