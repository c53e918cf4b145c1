/// Turns the bytes of a subscriber CSV, fed in chunks, into batches of rows ready to write, and keeps the tally of
/// every row it skipped with the line and the reason.
///
/// It exists so that the whole reading side of `steadymail subscribers import` is pure and tested: the header row
/// checked first (a bad header refuses the file before any batch exists), each row read by `SubscriberImportHeader`,
/// and duplicates caught across the whole file with a set of normalised addresses (the server only sees one batch;
/// a million addresses is a few tens of megabytes).
public struct SubscriberImportReader {
    public let batchSize: Int
    public private(set) var report = SubscriberImportReport()
    private var records: CSVRecordReader
    private var header: SubscriberImportHeader?
    private var seen = Set<String>()
    private var pending = SubscriberImportBatch()

    public init(batchSize: Int = 5000, maximumRecordBytes: Int = 1 << 20) {
        self.batchSize = max(1, batchSize)
        self.records = CSVRecordReader(maximumRecordBytes: maximumRecordBytes)
    }

    /// Reads a chunk; returns the batches it filled. Throws when the header row is refused.
    public mutating func feed(_ bytes: some Sequence<UInt8>) throws(SubscriberImportHeaderError)
        -> [SubscriberImportBatch]
    {
        var batches: [SubscriberImportBatch] = []
        for record in records.feed(bytes) { try take(record, into: &batches) }
        return batches
    }

    /// Ends the file; returns the last batches, the partial one included.
    public mutating func finish() throws(SubscriberImportHeaderError) -> [SubscriberImportBatch] {
        var batches: [SubscriberImportBatch] = []
        for record in records.finish() { try take(record, into: &batches) }
        guard header != nil else { throw .empty }
        if !pending.rows.isEmpty {
            batches.append(pending)
            pending = SubscriberImportBatch()
        }
        return batches
    }

    private mutating func take(
        _ record: Result<CSVRecordReader.Record, CSVRecordError>, into batches: inout [SubscriberImportBatch]
    ) throws(SubscriberImportHeaderError) {
        guard let header else {
            switch record {
            case .success(let first): self.header = try SubscriberImportHeader(first.fields)
            case .failure(let error): throw .unreadable(error)
            }
            return
        }
        report.rows += 1
        let row: CSVRecordReader.Record
        switch record {
        case .failure(let error):
            report.skip(line: error.line, reason: SubscriberImportSkip(error.kind))
            return
        case .success(let read): row = read
        }
        switch header.subscriber(from: row.fields) {
        case .failure(let reason):
            report.skip(line: row.line, reason: reason)
        case .success(let subscriber):
            guard seen.insert(subscriber.email).inserted else {
                report.skip(line: row.line, reason: .duplicate)
                return
            }
            pending.rows.append(subscriber)
            pending.lines.append(row.line)
            if pending.rows.count >= batchSize {
                batches.append(pending)
                pending = SubscriberImportBatch()
            }
        }
    }

    /// Records what the server did with `batch`: rows inserted and updated, and the rows it skipped by index.
    public mutating func committed(
        _ batch: SubscriberImportBatch, inserted: Int, updated: Int,
        skipped: [(index: Int, reason: SubscriberImportSkip)]
    ) {
        report.inserted += inserted
        report.updated += updated
        for (index, reason) in skipped where batch.lines.indices.contains(index) {
            report.skip(line: batch.lines[index], reason: reason)
        }
    }

    /// Records that the import stopped at `batch`: not written, or, when the server went away before answering,
    /// perhaps written (`maybeWritten`).
    public mutating func failed(_ batch: SubscriberImportBatch, error: String, maybeWritten: Bool = false) {
        report.stoppedAtLine = batch.lines.first
        report.error = error
        report.stoppedBatchMayBeWritten = maybeWritten
    }
}

/// Rows to write in one transaction, with the line each came from.
public struct SubscriberImportBatch: Sendable, Equatable {
    public var rows: [ImportedSubscriber] = []
    public var lines: [Int] = []

    public init(rows: [ImportedSubscriber] = [], lines: [Int] = []) {
        self.rows = rows
        self.lines = lines
    }
}

/// The outcome of an import: rows read, written, skipped by reason with every problem's line, and where it stopped
/// when a batch failed.
public struct SubscriberImportReport: Sendable, Equatable, Encodable {
    /// Data rows read (the header and blank lines not counted).
    public var rows = 0
    public var inserted = 0
    public var updated = 0
    public var skipped = 0
    public var skippedByReason: [String: Int] = [:]
    /// Every skipped row, in the order found.
    public var problems: [Problem] = []
    /// The first line of the batch that failed; nil when every batch was written.
    public var stoppedAtLine: Int?
    public var error: String?
    /// True when the server went away while writing the batch it stopped at, so that batch may have been committed
    /// (`committed` counts only what the server confirmed).
    public var stoppedBatchMayBeWritten = false

    public struct Problem: Sendable, Equatable, Encodable {
        public var line: Int
        public var reason: SubscriberImportSkip

        public init(line: Int, reason: SubscriberImportSkip) {
            self.line = line
            self.reason = reason
        }
    }

    public init() {}

    /// Rows durably written.
    public var committed: Int { inserted + updated }

    mutating func skip(line: Int, reason: SubscriberImportSkip) {
        skipped += 1
        skippedByReason[reason.rawValue, default: 0] += 1
        problems.append(Problem(line: line, reason: reason))
    }

    enum CodingKeys: String, CodingKey {
        case rows, inserted, updated, skipped, problems, error, committed
        case skippedByReason = "skipped_by_reason"
        case stoppedAtLine = "stopped_at_line"
        case stoppedBatchMayBeWritten = "stopped_batch_may_be_written"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rows, forKey: .rows)
        try container.encode(inserted, forKey: .inserted)
        try container.encode(updated, forKey: .updated)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(committed, forKey: .committed)
        try container.encode(skippedByReason, forKey: .skippedByReason)
        try container.encode(problems, forKey: .problems)
        try container.encodeIfPresent(stoppedAtLine, forKey: .stoppedAtLine)
        try container.encodeIfPresent(error, forKey: .error)
        if stoppedAtLine != nil { try container.encode(stoppedBatchMayBeWritten, forKey: .stoppedBatchMayBeWritten) }
    }
}
