import Testing

extension SQLiteConformanceTests {
    @Test func campaignReportAggregatesInTheStore() async throws {
        try await withSQLiteStore(QueueStoreConformance.campaignReportAggregatesInTheStore)
    }

    @Test func campaignDelaysCountTheRecipientsAnOutageDeferred() async throws {
        try await withSQLiteStore(QueueStoreConformance.campaignDelaysCountTheRecipientsAnOutageDeferred)
    }
}
