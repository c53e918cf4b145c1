import Testing

extension SQLiteConformanceTests {
    @Test func campaignLinksKeepOneIDPerCampaignAndURL() async throws {
        try await withSQLiteStore(QueueStoreConformance.campaignLinksKeepOneIDPerCampaignAndURL)
    }

    @Test func campaignsKeepTheirTrackingSetting() async throws {
        try await withSQLiteStore(QueueStoreConformance.campaignsKeepTheirTrackingSetting)
    }
}
