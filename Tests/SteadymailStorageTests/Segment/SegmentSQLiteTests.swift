import GRDB
import SteadymailDomain
import SteadymailStorage
import Testing

@testable import SteadymailSQLite

/// Runs compiled segments against real SQLite rows: the SQL must be valid, match the documented rows, and treat
/// hostile values as data.
@Suite struct SegmentSQLiteTests {
    private static let day = Int64(86_400_000)
    private static let january5 = Int64(1_767_571_200_000)

    private func database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE subscribers (
                        id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL DEFAULT '',
                        status TEXT NOT NULL, attributes TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL)
                    """)
            let rows: [(String, String, String, String, Int64)] = [
                (
                    "alice@example.org", "Alice", "enabled",
                    #"{"city":"Berlin","age":30,"vip":true,"address":{"city":"Köln"}}"#, Self.january5 + 36_000_000
                ),
                ("bob@example.com", "Bob", "unsubscribed", #"{"city":"Munich","age":"17"}"#, Self.january5 - Self.day),
                (
                    "carol@example.org", "Carol O'Brien", "enabled",
                    #"{"age":17.5,"city":"'; DROP TABLE subscribers; --"}"#, Self.january5 + Self.day
                ),
                ("dave@example.org", "Dave", "bounced", "{}", Self.january5 + Self.day - 1),
                (
                    "erin_x%@example.net", "50%_off", "enabled", #"{"city":null,"tags":"a_b"}"#,
                    Self.january5 + 27 * Self.day
                ),
            ]
            for (email, name, status, attributes, created) in rows {
                try db.execute(
                    sql:
                        "INSERT INTO subscribers (email, name, status, attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [email, name, status, attributes, created, created])
            }
        }
        return queue
    }

    private func matches(_ segment: String, in queue: DatabaseQueue) throws -> [String] {
        let fragment = SegmentSQLCompiler.compile(try SegmentParser.parse(segment), dialect: .sqlite)
        return try queue.read { db in
            try String.fetchAll(
                db, sql: "SELECT s.email FROM subscribers s WHERE \(fragment.sql) ORDER BY s.id",
                arguments: StatementArguments(fragment)
            ).map { String($0.prefix { $0 != "@" }) }
        }
    }

    @Test func segmentsSelectTheDocumentedRows() throws {
        let queue = try database()
        let cases: [(String, [String])] = [
            ("attributes.city = 'Berlin'", ["alice"]),
            ("attributes.age >= 18", ["alice"]),
            ("attributes.age < 18", ["carol"]),
            ("attributes.age = '17'", ["bob"]),
            (
                "attributes.city = 'Berlin' and (attributes.age >= 18 or status = 'enabled') and email ends with '@example.org'",
                ["alice"]
            ),
            ("not (attributes.city = 'Berlin')", ["bob", "carol", "dave", "erin_x%"]),
            ("attributes.city != 'Berlin'", ["bob", "carol"]),
            ("attributes.city is null", ["dave", "erin_x%"]),
            ("attributes.city is not null", ["alice", "bob", "carol"]),
            ("attributes.address.city = 'Köln'", ["alice"]),
            ("attributes.vip = true", ["alice"]),
            ("attributes.vip != true", []),
            ("attributes.age in (30, 17.5)", ["alice", "carol"]),
            ("attributes.city in ('Munich', 'Berlin')", ["alice", "bob"]),
            ("created_at = '2026-01-05'", ["alice", "dave"]),
            ("created_at > '2026-01-05'", ["carol", "erin_x%"]),
            ("created_at <= '2026-01-04'", ["bob"]),
            ("status in ('unsubscribed', 'bounced')", ["bob", "dave"]),
            ("status != 'enabled'", ["bob", "dave"]),
            ("email contains 'X%'", ["erin_x%"]),
            ("email contains '_'", ["erin_x%"]),
            ("name contains '%_'", ["erin_x%"]),
            ("name starts with 'carol o''b'", ["carol"]),
            ("attributes.tags ends with '_b'", ["erin_x%"]),
            ("name > 'C' and name < 'D'", ["carol"]),
        ]
        for (segment, expected) in cases {
            #expect(try matches(segment, in: queue) == expected, "\(segment)")
        }
    }

    @Test func injectionAttemptsMatchOnlyAsDataAndDropNothing() throws {
        let queue = try database()
        #expect(try matches("attributes.city = '''; DROP TABLE subscribers; --'", in: queue) == ["carol"])
        let attempts = [
            "name = '''; DROP TABLE subscribers; --'", "email = 'x'' OR ''1''=''1'",
            "name contains '''); DELETE FROM subscribers; --'",
            "attributes.city in ('''); DROP TABLE subscribers; --')",
            "email starts with '\\'' OR 1=1 --'", "name = 'Zoë\u{202E}\u{0}'",
        ]
        for attempt in attempts {
            #expect(try matches(attempt, in: queue) == [], "\(attempt)")
        }
        let count = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM subscribers") }
        #expect(count == 5)
    }
}
