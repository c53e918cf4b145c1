import SteadymailDomain
import Testing

@Suite struct CSVRecordReaderTests {
    /// Reads `text` fed in chunks of `chunk` bytes, so that every boundary (inside a quote, between CR and LF, inside
    /// the BOM) is crossed somewhere.
    static func read(_ bytes: [UInt8], chunk: Int) -> [Result<CSVRecordReader.Record, CSVRecordError>] {
        var reader = CSVRecordReader()
        var out: [Result<CSVRecordReader.Record, CSVRecordError>] = []
        var index = 0
        while index < bytes.count {
            out += reader.feed(bytes[index..<min(bytes.count, index + chunk)])
            index += chunk
        }
        return out + reader.finish()
    }

    static func records(_ text: String, chunk: Int = 1) -> [Result<CSVRecordReader.Record, CSVRecordError>] {
        read(Array(text.utf8), chunk: chunk)
    }

    static func fields(_ text: String) -> [[String]] {
        records(text).compactMap { try? $0.get().fields }
    }

    @Test(arguments: [1, 2, 3, 7, 1000])
    func quotedFieldsWithEscapesCommasAndNewlines(chunk: Int) {
        let text = "email,note\r\n\"a@x.org\",\"say \"\"hi\"\", then, \r\nleave\"\r\nb@x.org,\"\"\r\n"
        let records = Self.records(text, chunk: chunk).map { try? $0.get() }
        #expect(
            records == [
                .init(fields: ["email", "note"], line: 1),
                .init(fields: ["a@x.org", "say \"hi\", then, \r\nleave"], line: 2),
                .init(fields: ["b@x.org", ""], line: 4),
            ])
    }

    @Test func lineEndsLFCRLFAndCRAndNoFinalNewline() {
        #expect(Self.fields("a,b\nc,d\r\ne,f\rg,h") == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(Self.records("a\r\nb").compactMap { try? $0.get().line } == [1, 2])
    }

    @Test(arguments: [1, 2, 4])
    func byteOrderMarkIsSkippedOnlyAtTheStart(chunk: Int) {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("email\nx\u{FEFF}\n".utf8)
        #expect(Self.read(bytes, chunk: chunk).compactMap { try? $0.get().fields } == [["email"], ["x\u{FEFF}"]])
        #expect(Self.read([0xEF, 0xBB], chunk: chunk).isEmpty == false)
    }

    @Test func blankLinesAreSkippedAndLinesStillCounted() {
        let records = Self.records("a\n\n\r\nb\n\n").compactMap { try? $0.get() }
        #expect(records == [.init(fields: ["a"], line: 1), .init(fields: ["b"], line: 4)])
        #expect(Self.records("").isEmpty)
        #expect(Self.records("\n\n").isEmpty)
    }

    @Test func emptyFieldsAndAQuotedEmptyLine() {
        #expect(Self.fields(",,\n\"\"\n") == [["", "", ""], [""]])
    }

    @Test func unterminatedQuoteAtEndOfFileIsOneBadRecordOnItsFirstLine() throws {
        let records = Self.records("email\na@x.org\n\"b@x.org,\nc@x.org\n")
        #expect(try records[1].get().fields == ["a@x.org"])
        #expect(records.count == 3)
        #expect(records[2] == .failure(CSVRecordError(kind: .unterminatedQuote, line: 3)))
    }

    @Test func textAfterAClosingQuoteSpoilsOnlyItsRecord() throws {
        let records = Self.records("\"a\"b,c\nd,e\n")
        #expect(records.first == .failure(CSVRecordError(kind: .textAfterClosingQuote, line: 1)))
        #expect(try records[1].get() == .init(fields: ["d", "e"], line: 2))
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKept() {
        #expect(Self.fields("5\" disk,x\n") == [["5\" disk", "x"]])
    }

    @Test func overLongRecordIsRefusedAndReadingGoesOn() throws {
        var reader = CSVRecordReader(maximumRecordBytes: 8)
        let out = reader.feed(Array("short\n0123456789,abc\nok\n".utf8)) + reader.finish()
        #expect(out.count == 3)
        #expect(out[1] == .failure(CSVRecordError(kind: .recordTooLong, line: 2)))
        #expect(try out[2].get().fields == ["ok"])
    }

    @Test func invalidUTF8IsARecordError() {
        let out = Self.read(Array("a\n".utf8) + [0xC3, 0x28, 0x0A] + Array("b\n".utf8), chunk: 1)
        #expect(out.count == 3)
        #expect(out[1] == .failure(CSVRecordError(kind: .invalidUTF8, line: 2)))
    }

    @Test func fieldCountsAreLeftToTheCaller() {
        #expect(Self.fields("a,b,c\nd\ne,f,g,h\n").map(\.count) == [3, 1, 4])
    }
}

@Suite struct UTF8StreamValidatorTests {
    static func firstInvalidLine(_ bytes: [UInt8], chunk: Int = 1) -> Int? {
        var validator = UTF8StreamValidator()
        var index = 0
        while index < bytes.count {
            validator.feed(bytes[index..<min(bytes.count, index + chunk)])
            index += chunk
        }
        validator.finish()
        return validator.firstInvalidLine
    }

    @Test func wellFormedTextPassesWhateverTheChunks() {
        let text = Array("é,ü\n日本,😀\n".utf8)
        #expect(Self.firstInvalidLine(text, chunk: 1) == nil)
        #expect(Self.firstInvalidLine(text, chunk: 3) == nil)
    }

    @Test func latin1OverlongSurrogatesAndCutSequencesAreRefusedWithTheirLine() {
        #expect(Self.firstInvalidLine(Array("a\nb\n".utf8) + [0xE9, 0x0A]) == 3)
        #expect(Self.firstInvalidLine([0xC0, 0xAF]) == 1)
        #expect(Self.firstInvalidLine([0xED, 0xA0, 0x80]) == 1)
        #expect(Self.firstInvalidLine([0xF4, 0x90, 0x80, 0x80]) == 1)
        #expect(Self.firstInvalidLine(Array("ok\n".utf8) + [0xE2, 0x82]) == 2)
    }
}
