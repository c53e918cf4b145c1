import Testing

extension SQLiteConformanceTests {
    @Test func deliveryOutcomesJudgeRecipientsAgainstTheirTarget() async throws {
        try await withSQLiteStore(QueueStoreConformance.deliveryOutcomesJudgeRecipientsAgainstTheirTarget)
    }

    @Test func deliveryOutcomesGroupByDay() async throws {
        try await withSQLiteStore(QueueStoreConformance.deliveryOutcomesGroupByDay)
    }
}
