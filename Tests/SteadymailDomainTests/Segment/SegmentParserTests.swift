import Testing

@testable import SteadymailDomain

@Suite struct SegmentParserTests {
    private func parse(_ text: String) throws -> SegmentExpression {
        try SegmentParser.parse(text)
    }

    @Test func readsTheExampleOfTheDocumentation() throws {
        let expression = try parse(
            "attributes.city = 'Berlin' and (attributes.age >= 18 or status = 'enabled') and email ends with '@example.org'"
        )
        #expect(
            expression
                == .and([
                    .comparison(.attribute(["city"]), .equal, .text("Berlin")),
                    .or([
                        .comparison(.attribute(["age"]), .greaterOrEqual, .integer(18)),
                        .comparison(.status, .equal, .text("enabled")),
                    ]),
                    .textMatch(.email, .endsWith, "@example.org"),
                ]))
    }

    @Test func andBindsTighterThanOr() throws {
        #expect(
            try parse("name = 'a' or name = 'b' and name = 'c'")
                == .or([
                    .comparison(.name, .equal, .text("a")),
                    .and([.comparison(.name, .equal, .text("b")), .comparison(.name, .equal, .text("c"))]),
                ]))
    }

    @Test func readsEveryOperator() throws {
        #expect(try parse("attributes.n != 1") == .comparison(.attribute(["n"]), .notEqual, .integer(1)))
        #expect(try parse("attributes.n <> 1") == .comparison(.attribute(["n"]), .notEqual, .integer(1)))
        #expect(try parse("attributes.n < -1.5") == .comparison(.attribute(["n"]), .less, .real(-1.5)))
        #expect(try parse("attributes.n <= 2") == .comparison(.attribute(["n"]), .lessOrEqual, .integer(2)))
        #expect(try parse("attributes.n > 2") == .comparison(.attribute(["n"]), .greater, .integer(2)))
        #expect(try parse("name contains 'x'") == .textMatch(.name, .contains, "x"))
        #expect(try parse("name STARTS WITH 'x'") == .textMatch(.name, .startsWith, "x"))
        #expect(try parse("attributes.vip = true") == .comparison(.attribute(["vip"]), .equal, .boolean(true)))
        #expect(try parse("attributes.vip != false") == .comparison(.attribute(["vip"]), .notEqual, .boolean(false)))
        #expect(try parse("attributes.plan is null") == .isNull(.attribute(["plan"])))
        #expect(try parse("attributes.plan is not null") == .not(.isNull(.attribute(["plan"]))))
        #expect(try parse("not email = 'a@b.c'") == .not(.comparison(.email, .equal, .text("a@b.c"))))
        #expect(
            try parse("status in ('enabled', 'bounced')") == .oneOf(.status, [.text("enabled"), .text("bounced")]))
        #expect(
            try parse("attributes.score not in (1, 2.5)")
                == .not(.oneOf(.attribute(["score"]), [.integer(1), .real(2.5)])))
    }

    @Test func readsNestedAttributePathsAndKeepsTheirCase() throws {
        #expect(
            try parse("Attributes.Address.City = 'Köln'")
                == .comparison(.attribute(["Address", "City"]), .equal, .text("Köln")))
        #expect(try parse("attributes.opt-in = true") == .comparison(.attribute(["opt-in"]), .equal, .boolean(true)))
    }

    @Test func readsDoubledQuotesAsOneQuote() throws {
        #expect(try parse("name = 'O''Brien'") == .comparison(.name, .equal, .text("O'Brien")))
        #expect(try parse("name = ''") == .comparison(.name, .equal, .text("")))
    }

    @Test func readsDaysForCreatedAt() throws {
        #expect(
            try parse("created_at >= '1970-01-02'") == .comparison(.createdAt, .greaterOrEqual, .day(daysSince1970: 1)))
        #expect(try parse("created_at < '2024-02-29'") == .comparison(.createdAt, .less, .day(daysSince1970: 19_782)))
    }

    @Test func keywordsIgnoreCase() throws {
        #expect(
            try parse("NOT (EMAIL = 'a' OR Name Is Null)")
                == .not(.or([.comparison(.email, .equal, .text("a")), .isNull(.name)])))
    }

    @Test func largeIntegersBecomeReals() throws {
        #expect(
            try parse("attributes.n = 99999999999999999999")
                == .comparison(.attribute(["n"]), .equal, .real(99_999_999_999_999_999_999.0)))
    }

    // MARK: errors, each with its column

    private func failure(_ text: String) -> SegmentError? {
        do {
            _ = try SegmentParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownFieldIsNamedAtItsColumn() {
        #expect(failure("email = 'a' and citty = 'x'") == SegmentError(.unknownField("citty"), column: 17))
        #expect(failure("attributes. = 'x'") == SegmentError(.unknownField("attributes."), column: 1))
        #expect(failure("attributes.a..b = 'x'") == SegmentError(.unknownField("attributes.a..b"), column: 1))
    }

    @Test func unterminatedStringPointsAtItsQuote() {
        #expect(failure("name = 'abc") == SegmentError(.unterminatedString, column: 8))
        #expect(failure("name = 'it''s") == SegmentError(.unterminatedString, column: 8))
    }

    @Test func unexpectedTokensAreNamed() {
        #expect(
            failure("name = 'a' 'b'")
                == SegmentError(
                    .unexpectedToken(found: "string 'b'", expected: "'and', 'or' or the end of the segment"),
                    column: 12))
        #expect(
            failure("name 'a'")
                == SegmentError(
                    .unexpectedToken(found: "string 'a'", expected: SegmentTokenReader.operatorList), column: 6))
        #expect(
            failure("name =")
                == SegmentError(.unexpectedEnd(expected: "a value (a 'string', a number, true or false)"), column: 7))
        #expect(
            failure("name starts 'a'")
                == SegmentError(.unexpectedToken(found: "string 'a'", expected: "'with'"), column: 13))
        #expect(failure("= 'a'") == SegmentError(.unexpectedToken(found: "'='", expected: "a field"), column: 1))
        #expect(failure("name # 'a'") == SegmentError(.unexpectedCharacter("#"), column: 6))
        #expect(failure("name ! 'a'") == SegmentError(.unexpectedCharacter("!"), column: 6))
        #expect(
            failure("name in 'a'")
                == SegmentError(.unexpectedToken(found: "string 'a'", expected: "'(' after 'in'"), column: 9))
        #expect(
            failure("name in ()")
                == SegmentError(
                    .unexpectedToken(found: "')'", expected: "a value (a 'string', a number, true or false)"),
                    column: 10))
        #expect(failure("attributes.n = 1.2.3") == SegmentError(.invalidNumber("1.2.3"), column: 16))
    }

    @Test func missingClosingParenthesisPointsAtTheOpening() {
        #expect(
            failure("name = 'a' and (email = 'b' or name = 'c'") == SegmentError(.missingClosingParenthesis, column: 16)
        )
        #expect(failure("name in ('a', 'b'") == SegmentError(.missingClosingParenthesis, column: 6))
        #expect(
            failure("(name = 'a' name = 'b')")
                == SegmentError(.unexpectedToken(found: "'name'", expected: "')', 'and' or 'or'"), column: 13))
    }

    @Test func valuesOfTheWrongTypeAreRefused() {
        #expect(failure("status = 'active'") == SegmentError(.unknownStatus("active"), column: 10))
        #expect(failure("status in ('enabled', 'gone')") == SegmentError(.unknownStatus("gone"), column: 23))
        #expect(
            failure("status = 1") == SegmentError(.wrongValueType(field: "status", expected: "a string"), column: 10))
        #expect(
            failure("status > 'enabled'")
                == SegmentError(.unsupportedOperator(field: "status", operator: ">"), column: 10))
        #expect(
            failure("status contains 'en'")
                == SegmentError(.unsupportedOperator(field: "status", operator: "contains"), column: 8))
        #expect(failure("email = 3") == SegmentError(.wrongValueType(field: "email", expected: "a string"), column: 9))
        #expect(
            failure("name contains 3")
                == SegmentError(.wrongValueType(field: "contains", expected: "a string"), column: 15))
        #expect(
            failure("created_at > 5")
                == SegmentError(.wrongValueType(field: "created_at", expected: "a day 'YYYY-MM-DD'"), column: 14))
        #expect(failure("created_at > '2026-02-30'") == SegmentError(.invalidDay("2026-02-30"), column: 14))
        #expect(failure("created_at > '2026-1-5'") == SegmentError(.invalidDay("2026-1-5"), column: 14))
        #expect(
            failure("created_at in ('2026-01-05')")
                == SegmentError(.unsupportedOperator(field: "created_at", operator: "in"), column: 12))
        #expect(
            failure("attributes.vip > true")
                == SegmentError(.unsupportedOperator(field: "a boolean", operator: ">"), column: 18))
        #expect(
            failure("attributes.a in ('x', 1)")
                == SegmentError(
                    .wrongValueType(field: "in", expected: "values of one type (all strings or all numbers)"),
                    column: 23))
        #expect(
            failure("attributes.a in (true)")
                == SegmentError(.wrongValueType(field: "in", expected: "strings or numbers"), column: 18))
        #expect(
            failure("attributes.a = null")
                == SegmentError(
                    .unexpectedToken(found: "null", expected: "a value ('is null' tests for a missing value)"),
                    column: 16))
    }

    @Test func limitsAreErrorsNotCrashes() {
        #expect(failure("") == SegmentError(.empty, column: 1))
        #expect(failure("   ") == SegmentError(.empty, column: 1))
        let long = "name = '" + String(repeating: "x", count: SegmentParser.maximumLength) + "'"
        #expect(failure(long) == SegmentError(.tooLong, column: SegmentParser.maximumLength + 1))

        let deepest = String(repeating: "(", count: 32) + "name = 'a'" + String(repeating: ")", count: 32)
        #expect(failure(deepest) == nil)
        let tooDeep = String(repeating: "(", count: 33) + "name = 'a'" + String(repeating: ")", count: 33)
        #expect(failure(tooDeep) == SegmentError(.tooDeep, column: 33))
        let notNot = String(repeating: "not ", count: 33) + "name = 'a'"
        #expect(failure(notNot) == SegmentError(.tooDeep, column: 129))

        let thousand = (1...1_000).map(String.init).joined(separator: ",")
        #expect(failure("attributes.n in (\(thousand))") == nil)
        let tooMany = (1...1_001).map(String.init).joined(separator: ",")
        let column = "attributes.n in (".count + thousand.count + 2
        #expect(failure("attributes.n in (\(tooMany))") == SegmentError(.tooManyValues, column: column))
    }

    @Test func hostileTextNeverCrashes() {
        let inputs = [
            "'", "''", "(", ")", "((", "not", "not not", "and", "or or", "name = 'a' and", "attributes", "-", "-1",
            "name = -", "\u{0}", "\u{1F600} = 'x'", "is null", "name is",
            "name is not", "name not", "name not 'a'", "name in (", "name in ('a',", "name in ('a' 'b')", ",",
            String(repeating: "(", count: 5_000), String(repeating: "not ", count: 2_000),
            "name = '" + String(repeating: "'", count: 3_999),
        ]
        for input in inputs {
            #expect(failure(input) != nil, "\(input.prefix(40)) should be refused")
        }
    }

    @Test func errorsDescribeTheirColumn() {
        #expect(
            SegmentError(.unknownField("citty"), column: 17).description
                == "column 17: unknown field 'citty' (fields: email, name, status, created_at, attributes.<key>)")
        #expect(
            SegmentError(.unterminatedString, column: 8).description
                == "column 8: unterminated string: a closing ' is missing")
    }
}
