import Testing

extension SQLiteConformanceTests {
    @Test func templatesAreSavedReplacedAndDeletedByName() async throws {
        try await withSQLiteStore(QueueStoreConformance.templatesAreSavedReplacedAndDeletedByName)
    }
}
