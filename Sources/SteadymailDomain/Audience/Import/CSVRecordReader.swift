/// A streaming RFC 4180 reader: fed the bytes of a CSV file in chunks of any size, it returns each complete record
/// with the line it started on, and never holds more than one record.
///
/// It exists so that `steadymail subscribers import` reads a file of any size in bounded memory, with line numbers
/// for every problem: quoted fields with `""` escapes and embedded commas, CR and LF; CRLF, LF or CR line ends; a
/// UTF-8 byte order mark at the start; blank lines skipped; a last record without a line end. A record it cannot
/// read whole (a stray quote after a closing quote, a record over `maximumRecordBytes`, a quote still open at the
/// end of the file, bytes that are not UTF-8) comes back as a `CSVRecordError` for that record, and reading goes on
/// with the next one.
public struct CSVRecordReader {
    /// One record: its fields, and the 1-based line it started on.
    public struct Record: Sendable, Equatable {
        public var fields: [String]
        public var line: Int

        public init(fields: [String], line: Int) {
            self.fields = fields
            self.line = line
        }
    }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    public let maximumRecordBytes: Int
    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [[UInt8]] = []
    private var recordBytes = 0
    private var problem: CSVRecordError.Kind?
    private var line = 1
    private var recordLine = 1
    private var lastWasCR = false
    private var bomChecked = false
    private var pendingBOM: [UInt8] = []

    public init(maximumRecordBytes: Int = 1 << 20) {
        self.maximumRecordBytes = maximumRecordBytes
    }

    /// Reads `bytes` and returns the records they complete, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Result<Record, CSVRecordError>] {
        var out: [Result<Record, CSVRecordError>] = []
        for byte in bytes {
            if !bomChecked {
                pendingBOM.append(byte)
                if pendingBOM.count < 3 && [0xEF, 0xBB, 0xBF].starts(with: pendingBOM) { continue }
                bomChecked = true
                let held = pendingBOM
                pendingBOM = []
                if held == [0xEF, 0xBB, 0xBF] { continue }
                for heldByte in held { consume(heldByte, into: &out) }
                continue
            }
            consume(byte, into: &out)
        }
        return out
    }

    /// Ends the input: returns the last record when the file does not end with a line end, or the error of a quote
    /// left open.
    public mutating func finish() -> [Result<Record, CSVRecordError>] {
        var out: [Result<Record, CSVRecordError>] = []
        if !bomChecked {
            bomChecked = true
            let held = pendingBOM
            pendingBOM = []
            for byte in held { consume(byte, into: &out) }
        }
        if state == .quoted {
            problem = problem ?? .unterminatedQuote
        }
        if state != .fieldStart || !fields.isEmpty || problem != nil {
            endRecord(into: &out)
        }
        return out
    }

    private mutating func consume(_ byte: UInt8, into out: inout [Result<Record, CSVRecordError>]) {
        let isLF = byte == 0x0A
        let isCR = byte == 0x0D
        if isLF && lastWasCR {
            lastWasCR = false
            if state == .quoted { append(byte) }
            return
        }
        lastWasCR = isCR
        switch state {
        case .quoted:
            if byte == 0x22 {
                state = .quoteInQuoted
            } else {
                append(byte)
            }
            if isLF || isCR { line += 1 }
            return
        case .fieldStart:
            if byte == 0x22 {
                state = .quoted
                return
            }
        case .quoteInQuoted:
            if byte == 0x22 {
                append(byte)
                state = .quoted
                return
            }
            if byte != 0x2C && !isLF && !isCR {
                problem = problem ?? .textAfterClosingQuote
                append(byte)
                state = .unquoted
                return
            }
        case .unquoted:
            break
        }
        if byte == 0x2C {
            endField()
            state = .fieldStart
        } else if isLF || isCR {
            line += 1
            if state == .fieldStart && fields.isEmpty && problem == nil {
                recordLine = line
            } else {
                endRecord(into: &out)
            }
        } else {
            append(byte)
            state = .unquoted
        }
    }

    private mutating func append(_ byte: UInt8) {
        recordBytes += 1
        if recordBytes > maximumRecordBytes {
            problem = problem ?? .recordTooLong
            return
        }
        field.append(byte)
    }

    private mutating func endField() {
        fields.append(field)
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord(into out: inout [Result<Record, CSVRecordError>]) {
        endField()
        if let problem {
            out.append(.failure(CSVRecordError(kind: problem, line: recordLine)))
        } else {
            var strings: [String] = []
            strings.reserveCapacity(fields.count)
            var valid = true
            for bytes in fields {
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    valid = false
                    break
                }
                strings.append(text)
            }
            out.append(
                valid
                    ? .success(Record(fields: strings, line: recordLine))
                    : .failure(CSVRecordError(kind: .invalidUTF8, line: recordLine)))
        }
        fields.removeAll(keepingCapacity: true)
        state = .fieldStart
        problem = nil
        recordBytes = 0
        recordLine = line
    }
}

/// A record `CSVRecordReader` could not read, with the line it started on.
public struct CSVRecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable, Codable {
        /// A quoted field was still open at the end of the file.
        case unterminatedQuote = "unterminated_quote"
        /// Something other than a comma or a line end followed a closing quote (`"a"b`).
        case textAfterClosingQuote = "text_after_closing_quote"
        case recordTooLong = "record_too_long"
        case invalidUTF8 = "invalid_utf8"
    }

    public var kind: Kind
    public var line: Int

    public init(kind: Kind, line: Int) {
        self.kind = kind
        self.line = line
    }

    public var description: String {
        switch kind {
        case .unterminatedQuote: "line \(line): a quoted field is not closed before the end of the file"
        case .textAfterClosingQuote: "line \(line): text after a closing quote"
        case .recordTooLong: "line \(line): the record is too long"
        case .invalidUTF8: "line \(line): not UTF-8"
        }
    }
}
