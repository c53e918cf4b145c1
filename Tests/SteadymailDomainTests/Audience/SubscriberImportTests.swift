import SteadymailDomain
import Testing

@Suite struct SubscriberImportHeaderTests {
    @Test func headerNamesAreCaseInsensitiveAndOtherColumnsAreAttributes() throws {
        let header = try SubscriberImportHeader([" Email ", "NAME", "Status", "attributes", "City"])
        #expect(header.columns == [.email, .name, .status, .attributes, .attribute("City")])
    }

    @Test func badHeadersAreRefused() {
        #expect(throws: SubscriberImportHeaderError.missingEmail) { try SubscriberImportHeader(["name", "city"]) }
        #expect(throws: SubscriberImportHeaderError.duplicateColumn("EMAIL")) {
            try SubscriberImportHeader(["email", "EMAIL"])
        }
        #expect(throws: SubscriberImportHeaderError.unnamedColumn(2)) { try SubscriberImportHeader(["email", " "]) }
    }

    @Test func aRowBecomesANormalisedSubscriber() throws {
        let header = try SubscriberImportHeader(["email", "name", "status", "attributes", "city", "plan"])
        let row = header.subscriber(from: [
            " Ada@Example.ORG ", " Ada ", "Blocklisted", #"{"age":36,"city":"x"}"#, "London", "",
        ])
        #expect(
            row
                == .success(
                    ImportedSubscriber(
                        email: "ada@example.org", name: "Ada", status: .blocklisted,
                        attributes: ["age": .number(36), "city": .string("London")])))
        #expect(
            header.subscriber(from: ["b@example.org", "", "", "", "", ""])
                == .success(ImportedSubscriber(email: "b@example.org")))
    }

    @Test func badRowsSayWhy() throws {
        let header = try SubscriberImportHeader(["email", "status", "attributes"])
        #expect(header.subscriber(from: ["a@example.org", ""]) == .failure(.wrongFieldCount))
        #expect(header.subscriber(from: ["not an address", "", ""]) == .failure(.invalidAddress))
        #expect(header.subscriber(from: ["", "", ""]) == .failure(.invalidAddress))
        #expect(header.subscriber(from: ["a@[192.0.2.1]", "", ""]) == .failure(.invalidAddress))
        #expect(header.subscriber(from: ["a@example.org", "bounced", ""]) == .failure(.badStatus))
        #expect(header.subscriber(from: ["a@example.org", "unsubscribed", ""]) == .failure(.badStatus))
        #expect(header.subscriber(from: ["a@example.org", "", "[1,2]"]) == .failure(.badAttributes))
        #expect(header.subscriber(from: ["a@example.org", "", "{oops"]) == .failure(.badAttributes))
    }
}

@Suite struct SubscriberImportReaderTests {
    static func run(_ text: String, batchSize: Int) throws -> (SubscriberImportReader, [SubscriberImportBatch]) {
        var reader = SubscriberImportReader(batchSize: batchSize)
        var batches: [SubscriberImportBatch] = []
        for byte in Array(text.utf8) { batches += try reader.feed([byte]) }
        batches += try reader.finish()
        return (reader, batches)
    }

    @Test func rowsAreBatchedWithTheirLinesAndProblemsCounted() throws {
        let text = """
            email,name\r
            a@example.org,A\r
            "b@example.org","B, \r
            second line"\r
            nope,X\r
            A@EXAMPLE.org,again\r
            c@example.org\r
            d@example.org,D\r
            "e@example.org,E
            """
        var (reader, batches) = try Self.run(text, batchSize: 2)
        #expect(batches.map(\.lines) == [[2, 3], [8]])
        #expect(batches[0].rows.map(\.name) == ["A", "B, \r\nsecond line"])
        let report = reader.report
        #expect(report.rows == 7)
        #expect(
            report.problems.map { "\($0.line):\($0.reason.rawValue)" } == [
                "5:invalid_address", "6:duplicate", "7:wrong_field_count", "9:unterminated_quote",
            ])
        reader.committed(batches[0], inserted: 1, updated: 0, skipped: [(1, .suppressed)])
        reader.committed(batches[1], inserted: 0, updated: 1, skipped: [])
        #expect(reader.report.inserted == 1 && reader.report.updated == 1 && reader.report.committed == 2)
        #expect(reader.report.skipped == 5)
        #expect(reader.report.skippedByReason["suppressed"] == 1)
        #expect(reader.report.problems.last == .init(line: 3, reason: .suppressed))
    }

    @Test func duplicatesAreCaughtAcrossBatches() throws {
        let rows = (0..<10).map { "u\($0 % 4)@example.org" }.joined(separator: "\n")
        let (reader, batches) = try Self.run("email\n" + rows, batchSize: 3)
        #expect(batches.flatMap(\.rows).map(\.email) == (0..<4).map { "u\($0)@example.org" })
        #expect(reader.report.skippedByReason == ["duplicate": 6])
    }

    @Test func aRefusedHeaderOrAnEmptyFileStopsBeforeAnyBatch() {
        #expect(throws: SubscriberImportHeaderError.missingEmail) { try Self.run("name\nx\n", batchSize: 1) }
        #expect(throws: SubscriberImportHeaderError.empty) { try Self.run("\n\n", batchSize: 1) }
        #expect(throws: SubscriberImportHeaderError.unreadable(CSVRecordError(kind: .unterminatedQuote, line: 1))) {
            try Self.run("\"email\n", batchSize: 1)
        }
    }

    @Test func aFailedBatchRecordsWhereTheImportStopped() throws {
        var (reader, batches) = try Self.run("email\na@example.org\nb@example.org\n", batchSize: 1)
        reader.committed(batches[0], inserted: 1, updated: 0, skipped: [])
        reader.failed(batches[1], error: "server gone")
        #expect(reader.report.stoppedAtLine == 3 && reader.report.committed == 1)
        #expect(reader.report.error == "server gone" && !reader.report.stoppedBatchMayBeWritten)
        reader.failed(batches[1], error: "connection reset", maybeWritten: true)
        #expect(reader.report.stoppedBatchMayBeWritten)
    }
}
