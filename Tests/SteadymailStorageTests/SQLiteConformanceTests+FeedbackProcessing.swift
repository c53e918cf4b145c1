import Testing

extension SQLiteConformanceTests {
    @Test func feedbackIsPlacedCountedAndDrained() async throws {
        try await withSQLiteStore(QueueStoreConformance.feedbackIsPlacedCountedAndDrained)
    }
}

extension SQLiteConformanceTests {
    @Test func aCampaignRecipientsBounceStoresDeliveryFeedback() async throws {
        try await withSQLiteStore(QueueStoreConformance.aCampaignRecipientsBounceStoresDeliveryFeedback)
    }
}
