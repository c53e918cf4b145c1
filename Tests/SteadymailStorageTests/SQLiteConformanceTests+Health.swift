import Testing

extension SQLiteConformanceTests {
    @Test func probeWritableLeavesTheQueueAlone() async throws {
        try await withSQLiteStore(QueueStoreConformance.probeWritableLeavesTheQueueAlone)
    }

    @Test func probeWritableFailsWhenTheStoreCannotWrite() async throws {
        try await withSQLiteFactory(QueueStoreConformance.probeWritableFailsWhenTheStoreCannotWrite)
    }
}
