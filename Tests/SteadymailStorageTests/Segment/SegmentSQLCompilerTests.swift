import Foundation
import SteadymailDomain
import SteadymailStorage
import Testing

@Suite struct SegmentSQLCompilerTests {
    private func compile(_ text: String, _ dialect: SQLDialect, first: Int = 1) throws -> SQLFragment {
        SegmentSQLCompiler.compile(try SegmentParser.parse(text), dialect: dialect, firstPlaceholder: first)
    }

    @Test func comparesATextAttributeOnlyWithJSONStrings() throws {
        #expect(
            try compile("attributes.city = 'Berlin'", .sqlite)
                == SQLFragment(
                    sql: "COALESCE(json_type(s.attributes, ?) = 'text' AND json_extract(s.attributes, ?) = ?, 0)",
                    arguments: [.text("$.\"city\""), .text("$.\"city\""), .text("Berlin")]))
        #expect(
            try compile("attributes.city = 'Berlin'", .postgres, first: 3)
                == SQLFragment(
                    sql:
                        "COALESCE(jsonb_typeof((s.attributes::jsonb -> $3::text)) = 'string' AND (s.attributes::jsonb ->> $4::text) = $5, FALSE)",
                    arguments: [.text("city"), .text("city"), .text("Berlin")]))
    }

    @Test func comparesANumberAttributeAsANumber() throws {
        #expect(
            try compile("attributes.age >= 18", .sqlite)
                == SQLFragment(
                    sql:
                        "COALESCE(json_type(s.attributes, ?) IN ('integer', 'real') AND json_extract(s.attributes, ?) >= ?, 0)",
                    arguments: [.text("$.\"age\""), .text("$.\"age\""), .integer(18)]))
        #expect(
            try compile("attributes.age < 2.5", .postgres)
                == SQLFragment(
                    sql:
                        "COALESCE(CASE WHEN jsonb_typeof((s.attributes::jsonb -> $1::text)) = 'number' THEN (s.attributes::jsonb ->> $2::text)::numeric < $3 END, FALSE)",
                    arguments: [.text("age"), .text("age"), .real(2.5)]))
    }

    @Test func compilesTheDocumentedExampleInBothDialects() throws {
        let text =
            "attributes.city = 'Berlin' and (attributes.age >= 18 or status = 'enabled') and email ends with '@example.org'"
        let sqlite = try compile(text, .sqlite)
        #expect(
            sqlite.sql
                == "(COALESCE(json_type(s.attributes, ?) = 'text' AND json_extract(s.attributes, ?) = ?, 0) AND "
                + "(COALESCE(json_type(s.attributes, ?) IN ('integer', 'real') AND json_extract(s.attributes, ?) >= ?, 0)"
                + " OR (s.status = ?)) AND (s.email LIKE ? ESCAPE '\\'))")
        #expect(
            sqlite.arguments == [
                .text("$.\"city\""), .text("$.\"city\""), .text("Berlin"), .text("$.\"age\""), .text("$.\"age\""),
                .integer(18), .text("enabled"), .text("%@example.org"),
            ])
        let postgres = try compile(text, .postgres)
        #expect(postgres.sql.contains("(s.status = $7)) AND (s.email ILIKE $8 ESCAPE '\\'))"))
        #expect(postgres.arguments.count == 8)
        #expect(!postgres.sql.contains("?"))
    }

    @Test func nestedPathsAreArguments() throws {
        #expect(
            try compile("attributes.address.city is null", .sqlite)
                == SQLFragment(
                    sql: "(json_extract(s.attributes, ?) IS NULL)", arguments: [.text("$.\"address\".\"city\"")]))
        #expect(
            try compile("attributes.address.city is not null", .postgres)
                == SQLFragment(
                    sql: "(NOT ((s.attributes::jsonb #>> $1::text[]) IS NULL))",
                    arguments: [.text("{\"address\",\"city\"}")]))
    }

    @Test func createdAtCoversWholeUTCDays() throws {
        let start = Int64(1_767_571_200_000)  // 2026-01-05T00:00:00Z
        let end = start + 86_400_000
        #expect(
            try compile("created_at = '2026-01-05'", .sqlite)
                == SQLFragment(
                    sql: "(s.created_at >= ? AND s.created_at < ?)", arguments: [.integer(start), .integer(end)]))
        #expect(
            try compile("created_at != '2026-01-05'", .postgres)
                == SQLFragment(
                    sql: "(s.created_at < $1 OR s.created_at >= $2)", arguments: [.integer(start), .integer(end)]))
        #expect(try compile("created_at < '2026-01-05'", .sqlite).arguments == [.integer(start)])
        #expect(try compile("created_at <= '2026-01-05'", .sqlite).arguments == [.integer(end)])
        #expect(try compile("created_at > '2026-01-05'", .sqlite).sql == "(s.created_at >= ?)")
        #expect(try compile("created_at > '2026-01-05'", .sqlite).arguments == [.integer(end)])
        #expect(try compile("created_at >= '2026-01-05'", .sqlite).arguments == [.integer(start)])
    }

    @Test func listsNotAndBooleans() throws {
        #expect(
            try compile("not status in ('enabled', 'bounced')", .postgres)
                == SQLFragment(
                    sql: "(NOT (s.status IN ($1, $2)))", arguments: [.text("enabled"), .text("bounced")]))
        #expect(
            try compile("attributes.vip != true", .sqlite)
                == SQLFragment(
                    sql: "COALESCE(json_type(s.attributes, ?) = ?, 0)", arguments: [.text("$.\"vip\""), .text("false")])
        )
        #expect(
            try compile("attributes.vip = true", .postgres)
                == SQLFragment(
                    sql:
                        "COALESCE(jsonb_typeof((s.attributes::jsonb -> $1::text)) = 'boolean' AND (s.attributes::jsonb ->> $2::text) = $3, FALSE)",
                    arguments: [.text("vip"), .text("vip"), .text("true")]))
        #expect(
            try compile("attributes.n in (1, 2)", .postgres).sql
                == "COALESCE(CASE WHEN jsonb_typeof((s.attributes::jsonb -> $1::text)) = 'number' THEN (s.attributes::jsonb ->> $2::text)::numeric IN ($3, $4) END, FALSE)"
        )
    }

    @Test func postgresOrdersTextByCodePoint() throws {
        #expect(
            try compile("name < 'm'", .postgres)
                == SQLFragment(sql: "(s.name COLLATE \"C\" < $1)", arguments: [.text("m")]))
        #expect(try compile("name = 'm'", .postgres).sql == "(s.name = $1)")
    }

    @Test func likePatternsEscapeWildcards() throws {
        #expect(
            try compile("name contains '50%_off\\'", .sqlite).arguments == [.text("%50\\%\\_off\\\\%")])
        #expect(try compile("name starts with 'a_'", .sqlite).arguments == [.text("a\\_%")])
    }

    @Test func injectionAttemptsStayArguments() throws {
        let hostile = [
            "'; DROP TABLE subscribers; --", "\" OR 1=1 --", "') OR ('1'='1", "\\'; DELETE FROM subscribers; --",
            "%", "_", "\u{0}", "Zoë \u{202E}gnp.exe", "$1", "?",
        ]
        for value in hostile {
            let quoted = value.replacingOccurrences(of: "'", with: "''")
            for dialect in [SQLDialect.sqlite, .postgres] {
                for text in [
                    "name = '\(quoted)'", "attributes.city != '\(quoted)'", "email contains '\(quoted)'",
                    "attributes.city in ('\(quoted)', 'x')",
                ] {
                    let fragment = try compile(text, dialect)
                    #expect(!fragment.sql.contains("DROP"))
                    #expect(!fragment.sql.contains("DELETE"))
                    #expect(!fragment.sql.contains("1=1"))
                    #expect(!fragment.sql.contains("\u{0}"))
                    #expect(
                        fragment.arguments.contains { argument in
                            guard case .text(let bound) = argument else { return false }
                            return bound.contains(value)
                        })
                }
            }
        }
    }

    @Test func hostileKeysStayArguments() throws {
        let expression = SegmentExpression.comparison(
            .attribute(["a'); DROP TABLE subscribers; --", "b\"c"]), .equal, .text("x"))
        for dialect in [SQLDialect.sqlite, .postgres] {
            let fragment = SegmentSQLCompiler.compile(expression, dialect: dialect)
            #expect(!fragment.sql.contains("DROP"))
        }
        #expect(
            SegmentSQLCompiler.compile(expression, dialect: .postgres).arguments.first
                == .text("{\"a'); DROP TABLE subscribers; --\",\"b\\\"c\"}"))
    }

    @Test func combinationsTheParserNeverMakesAreFalse() {
        #expect(
            SegmentSQLCompiler.compile(.comparison(.email, .equal, .integer(1)), dialect: .sqlite)
                == SQLFragment(sql: "0", arguments: []))
        #expect(
            SegmentSQLCompiler.compile(
                .comparison(.attribute(["a"]), .equal, .day(daysSince1970: 1)), dialect: .postgres)
                == SQLFragment(sql: "FALSE", arguments: []))
        #expect(SegmentSQLCompiler.compile(.or([]), dialect: .sqlite).sql == "0")
        #expect(SegmentSQLCompiler.compile(.and([]), dialect: .postgres).sql == "TRUE")
    }
}
