import Foundation
import Testing

@testable import SteadymailServer

@Suite struct StatusDocumentTests {
    static let schemaFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("docs/status.schema.json")

    static func object(_ snapshot: StatusSnapshot) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try StatusDocument.json(snapshot)) as? [String: Any] ?? [:]
    }

    @Test func theDocumentKeepsToItsSchema() throws {
        let schema = try SchemaCheck(file: Self.schemaFile)
        #expect(schema.problems(try Self.object(StatusFixtures.snapshot())) == [])
        let empty = StatusSnapshot(
            title: "t", generatedAt: StatusFixtures.now, relays: [], monitors: [], incidents: [], maintenance: [])
        #expect(schema.problems(try Self.object(empty)) == [])
    }

    @Test func theCheckerCatchesADocumentOffTheSchema() throws {
        let schema = try SchemaCheck(file: Self.schemaFile)
        var document = try Self.object(StatusFixtures.snapshot())
        document["relays"] = [["name": "a", "state": "fine", "uptime": [], "host": "10.0.0.1"]]
        let problems = schema.problems(document)
        #expect(problems.contains { $0.contains("fine not in") })
        #expect(problems.contains("$.relays[0]: unexpected host"))
        #expect(problems.contains("$.relays[0].uptime: fewer than 90 items"))
    }

    @Test func everyKeyIsPresentWithNullsAndTimesInRFC3339() throws {
        let document = try Self.object(StatusFixtures.snapshot())
        #expect(document["generated_at"] as? String == "2025-06-15T15:06:40Z")
        #expect(document["overall"] as? String == "degraded")
        let incidents = try #require(document["incidents"] as? [[String: Any]])
        #expect(incidents[0]["state"] as? String == "open" && incidents[0]["ended_at"] is NSNull)
        #expect(incidents[1]["public_note"] is NSNull && incidents[1]["relay"] is NSNull)
        #expect(incidents[1]["state"] as? String == "resolved")
        let monitors = try #require(document["monitors"] as? [[String: Any]])
        let day = try #require((monitors[0]["uptime"] as? [[String: Any]])?.last)
        #expect(day["date"] as? String == "2025-06-15" && day["uptime_percent"] is NSNull)
        #expect(day["maintenance_minutes"] as? Int == 0)
    }
}
