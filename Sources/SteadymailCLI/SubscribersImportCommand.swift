import ArgumentParser
import Foundation
import SteadymailDomain
import SteadymailServer

/// `steadymail subscribers import FILE.csv --list NAME [--overwrite] [--preconfirm] [--json]`
///
/// Streams the file through `SubscriberImportReader` in bounded memory and sends its batches to the running server,
/// each written in one transaction. A file that is not UTF-8 or whose header is refused imports nothing; a batch
/// that fails stops the import with the count of rows already committed and the line where it stopped, and the
/// command exits non-zero.
struct SubscribersImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import subscribers from a CSV file (header row: email, name, status, attributes, other columns).",
        discussion: """
            The header row names the columns: email (required), name, status (enabled or blocklisted), attributes \
            (a JSON object); every other column becomes a string attribute (an empty cell sets nothing). Known \
            subscribers are updated (attributes merged); without --overwrite their status and name are kept and \
            nobody who left the list is subscribed again. Suppressed addresses, invalid rows and duplicates are \
            skipped and reported with their line.
            """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The CSV file (UTF-8, with or without BOM).") var file: String
    @Option(help: "The list to subscribe the imported subscribers to.") var list: String
    @Flag(help: "Set status and name of known subscribers from the file too.") var overwrite = false
    @Flag(help: "Subscribe to a double opt-in list as confirmed (no confirmation mail is ever sent by an import).")
    var preconfirm = false
    @Option(help: "Rows per transaction.") var batchSize = 5000
    @Flag(help: "Print the full report as JSON.") var json = false

    /// Problems listed in the text report; all are counted.
    static let listedProblems = 20

    func run() async throws {
        guard (1...20_000).contains(batchSize) else { throw ValidationError("--batch-size must be 1 to 20000") }
        let configuration = try options.load()
        let client = ControlClient(path: configuration.controlSocket)
        guard await client.isServerRunning() else {
            throw ControlError.server("importing needs a running server (no server on \(client.path))")
        }
        _ = try await client.send(ControlRequest(command: .listShow, audience: AudienceRequest(list: list)))
        guard let size = try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int else {
            throw ControlError.server("cannot read \(file)")
        }
        if let line = try Self.firstInvalidUTF8Line(file) {
            throw ControlError.server("\(file) is not UTF-8 (line \(line)); nothing imported")
        }
        var importer = SubscriberImportReader(batchSize: batchSize)
        var progress = ImportProgress(totalBytes: size)
        let request = { (batch: SubscriberImportBatch) in
            ControlRequest(
                command: .subscribersImport,
                audience: AudienceRequest(
                    list: list, preconfirm: preconfirm, overwrite: overwrite, rows: batch.rows))
        }
        let write = { (batch: SubscriberImportBatch, importer: inout SubscriberImportReader) async -> Bool in
            do {
                let answer = try await client.send(request(batch)).audience?.imported
                guard let answer else { throw ControlError.protocolError("the server sent no import result") }
                importer.committed(
                    batch, inserted: answer.inserted, updated: answer.updated,
                    skipped: answer.skipped.map { ($0.index, $0.reason) })
                return true
            } catch ControlError.notRunning(let path) {
                importer.failed(batch, error: ControlError.notRunning(path).description)
                return false
            } catch ControlError.server(let message) {
                importer.failed(batch, error: message)
                return false
            } catch {
                // The request went out and no answer came back: the transaction may have committed.
                importer.failed(batch, error: "\(error)", maybeWritten: true)
                return false
            }
        }
        guard let handle = FileHandle(forReadingAtPath: file) else { throw ControlError.server("cannot read \(file)") }
        defer { try? handle.close() }
        var complete = true
        reading: while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            let batches: [SubscriberImportBatch]
            do throws(SubscriberImportHeaderError) {
                batches = chunk.isEmpty ? try importer.finish() : try importer.feed(chunk)
            } catch {
                throw ControlError.server("\(error); nothing imported")
            }
            for batch in batches where !(await write(batch, &importer)) {
                complete = false
                break reading
            }
            progress.advance(bytes: chunk.count, rows: importer.report.rows)
            if chunk.isEmpty { break }
        }
        progress.finish()
        try output(importer.report, complete: complete)
        if !complete { throw ExitCode.failure }
    }

    private func output(_ report: SubscriberImportReport, complete: Bool) throws {
        if json { try printJSON(report) } else { printText(report, complete: complete) }
        if !complete {
            let after =
                report.stoppedBatchMayBeWritten
                ? "and the server went away before answering for the batch from that line: it may have been committed "
                    + "too (import the file again: known rows are updated, not doubled)"
                : "nothing from that line on"
            let line = report.stoppedAtLine ?? 0
            FileHandle.standardError.write(
                Data(
                    """
                    steadymail: the import stopped at line \(line): \(report.error ?? "?"); \(report.committed) rows \
                    were committed before it, \(after).

                    """.utf8))
        }
    }

    private func printText(_ report: SubscriberImportReport, complete: Bool) {
        print(
            "\(complete ? "imported" : "import stopped:") \(file) into list \(list): \(report.rows) rows read, "
                + "\(report.inserted) inserted, \(report.updated) updated, \(report.skipped) skipped")
        guard !report.skippedByReason.isEmpty else { return }
        print(
            "skipped: "
                + report.skippedByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
                    separator: ", "))
        for problem in report.problems.prefix(Self.listedProblems) {
            print("  line \(problem.line): \(problem.reason.rawValue)")
        }
        if report.problems.count > Self.listedProblems {
            print("  ... \(report.problems.count - Self.listedProblems) more (--json lists them all)")
        }
    }

    /// Reads the file once, in bounded memory, and returns the line of its first byte that is not UTF-8.
    static func firstInvalidUTF8Line(_ path: String) throws -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ControlError.server("cannot read \(path)") }
        defer { try? handle.close() }
        var validator = UTF8StreamValidator()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            validator.feed(chunk)
            if let line = validator.firstInvalidLine { return line }
        }
        validator.finish()
        return validator.firstInvalidLine
    }
}
