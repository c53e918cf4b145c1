import Testing

extension SQLiteConformanceTests {
    @Test func campaignsAreStoredWithTheirSettings() async throws {
        try await withSQLiteStore(QueueStoreConformance.campaignsAreStoredWithTheirSettings)
    }

    @Test func snapshotTakesEligibleSubscribersOnce() async throws {
        try await withSQLiteStore(QueueStoreConformance.snapshotTakesEligibleSubscribersOnce)
    }

    @Test func ledgerAndQueueChangeInOneTransaction() async throws {
        try await withSQLiteStore(QueueStoreConformance.ledgerAndQueueChangeInOneTransaction)
    }

    @Test func pendingRowsExpireOrAreCancelled() async throws {
        try await withSQLiteStore(QueueStoreConformance.pendingRowsExpireOrAreCancelled)
    }

    @Test func claimSkipsSubscribersWhoLeftSinceEnqueue() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimSkipsSubscribersWhoLeftSinceEnqueue)
    }

    @Test func claimHoldsPausedAndDropsCancelledCampaignMail() async throws {
        try await withSQLiteStore(QueueStoreConformance.claimHoldsPausedAndDropsCancelledCampaignMail)
    }

    @Test func progressJoinsLedgerAndQueue() async throws {
        try await withSQLiteStore(QueueStoreConformance.progressJoinsLedgerAndQueue)
    }
}
