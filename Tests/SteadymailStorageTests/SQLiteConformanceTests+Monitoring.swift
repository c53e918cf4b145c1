import Testing

extension SQLiteConformanceTests {
    @Test func probeResultsRoundTrip() async throws {
        try await withSQLiteStore(QueueStoreConformance.probeResultsRoundTrip)
    }

    @Test func compactionFoldsOldHistory() async throws {
        try await withSQLiteStore(QueueStoreConformance.compactionFoldsOldHistory)
    }

    @Test func compactionAddsToAnExistingBucketAndDropsOldHours() async throws {
        try await withSQLiteStore(QueueStoreConformance.compactionAddsToAnExistingBucketAndDropsOldHours)
    }

    @Test func runtimeMonitorsAreKept() async throws {
        try await withSQLiteStore(QueueStoreConformance.runtimeMonitorsAreKept)
    }

    @Test func incidentLifecycle() async throws {
        try await withSQLiteStore(QueueStoreConformance.incidentLifecycle)
    }

    @Test func incidentPublicNote() async throws {
        try await withSQLiteStore(QueueStoreConformance.incidentPublicNote)
    }

    @Test func impactEventsFindTheTouchedRecipients() async throws {
        try await withSQLiteStore(QueueStoreConformance.impactEventsFindTheTouchedRecipients)
    }
}
