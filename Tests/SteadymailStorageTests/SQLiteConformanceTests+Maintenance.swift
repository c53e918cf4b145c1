import Testing

extension SQLiteConformanceTests {
    @Test func maintenanceWindowsAreKept() async throws {
        try await withSQLiteStore(QueueStoreConformance.maintenanceWindowsAreKept)
    }

    @Test func hourlyVolumeCountsMessagesPerHour() async throws {
        try await withSQLiteStore(QueueStoreConformance.hourlyVolumeCountsMessagesPerHour)
    }
}
