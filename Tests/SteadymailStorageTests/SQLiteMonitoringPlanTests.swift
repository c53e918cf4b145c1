import GRDB
import SteadymailDomain
import Testing

@testable import SteadymailSQLite

@Suite struct SQLiteMonitoringPlanTests {
    private func plan(_ sql: String, _ arguments: StatementArguments, _ store: SQLiteQueueStore) async throws
        -> [String]
    {
        try await store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    @Test func impactEventsReadTheEventsByTime() async throws {
        try await withSQLiteStore { store in
            for relay in ["primary", nil] {
                let arguments = ImpactEventsQuery.touchedArguments(relay: relay, from: 0, to: 1000, limit: 10)
                let details = try await plan(ImpactEventsQuery.events, arguments, store)
                #expect(details.contains { $0.contains("events_impact_time") }, "\(details)")
                #expect(!details.contains { $0.hasPrefix("SCAN events") || $0.hasPrefix("SCAN e ") }, "\(details)")
                #expect(!details.contains { $0.hasPrefix("SCAN messages") || $0.hasPrefix("SCAN m ") }, "\(details)")
            }
        }
    }

    @Test func theIndexedConditionNamesEveryNoteAnIncidentLooksFor() {
        #expect(ImpactEventsQuery.indexed.contains("'\(ImpactNote.failedOver)'"))
        for note in ImpactNote.waiting { #expect(ImpactEventsQuery.indexed.contains("'\(note)'")) }
    }

    @Test func latestProbeResultsSeekTheIndex() async throws {
        try await withSQLiteStore { store in
            let details = try await plan(
                "SELECT id FROM probe_results WHERE monitor = ? ORDER BY at DESC, id DESC LIMIT 1", ["a"], store)
            #expect(details.contains { $0.contains("probe_results_monitor") }, "\(details)")
        }
    }

    @Test func hourlyVolumeWalksTheArrivalIndex() async throws {
        try await withSQLiteStore { store in
            let details = try await plan(SQLiteQueueStore.hourlyVolumeSQL, [0, 1000], store)
            #expect(details.contains { $0.contains("messages_received_order") }, "\(details)")
            #expect(!details.contains { $0.hasPrefix("SCAN messages") }, "\(details)")
        }
    }

    @Test func deliveryOutcomesReadARangeOfTheArrivalIndex() async throws {
        try await withSQLiteStore { store in
            let arguments: StatementArguments = [
                "from": 0, "to": 1000, "now": 500, "bucket": 86_400_000, "target0": 60000, "target1": 900_000,
                "target2": 14_400_000,
            ]
            let details = try await plan(DeliveryOutcomeQuery.sql, arguments, store)
            #expect(
                details.contains { $0.contains("SEARCH recipients USING COVERING INDEX recipients_arrival_outcome") },
                "\(details)")
            #expect(!details.contains { $0.hasPrefix("SCAN recipients") }, "\(details)")
        }
    }
}
