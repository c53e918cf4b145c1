import ArgumentParser
import Foundation
import SteadymailDomain
import SteadymailSQLite
import SteadymailStorage

/// `steadymail-bench fill`: writes queued recipients straight into a queue database through `QueueStore.enqueue`.
///
/// Messages get one recipient each unless `--per-message` says more, a body of `--size` bytes, and priorities in the
/// proportions 10 % transactional, 10 % time-critical, 80 % bulk; they arrive one millisecond apart, ending now.
struct FillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fill", abstract: "Write N queued recipients into a queue database (created if missing).")

    @Option(help: "The SQLite queue database.") var database: String
    @Option(help: "How many recipients to add.") var recipients: Int
    @Option(name: .customLong("per-message"), help: "Recipients per message.") var perMessage = 1
    @Option(help: "Messages per enqueue transaction.") var batch = 2000
    @Option(help: "Body size in bytes.") var size = 1024

    func validate() throws {
        guard recipients > 0, perMessage > 0, batch > 0, size >= 0 else {
            throw ValidationError("--recipients, --per-message and --batch must be positive, --size not negative")
        }
    }

    func run() async throws {
        let store = try SQLiteQueueStore(path: database, busyTimeout: .seconds(30))
        let messages = (recipients + perMessage - 1) / perMessage
        let firstArrival = UInt64(Date().timeIntervalSince1970 * 1000) - UInt64(messages)
        let body = Array(String(repeating: "x", count: size).utf8)
        let started = ContinuousClock.now
        var written = 0
        var n = 0
        var nextReport = 100_000
        while written < recipients {
            var chunk: [NewMessage] = []
            while chunk.count < batch, written < recipients {
                let count = min(perMessage, recipients - written)
                chunk.append(message(n, recipients: count, arrival: firstArrival + UInt64(n), body: body))
                written += count
                n += 1
            }
            try await store.enqueue(chunk)
            if written >= nextReport {
                FileHandle.standardError.write(Data("fill: \(written) recipients\n".utf8))
                nextReport += 100_000
            }
        }
        try store.close()
        let seconds = (ContinuousClock.now - started).seconds
        printJSON([
            "recipients": Double(written), "messages": Double(n), "seconds": seconds,
            "recipients_per_second": Double(written) / max(seconds, 0.001),
        ])
    }

    private func message(_ n: Int, recipients count: Int, arrival: UInt64, body: [UInt8]) -> NewMessage {
        let priority: Priority = n % 10 == 0 ? .transactional : n % 10 == 1 ? .timeCritical : .bulk
        let head = "From: <bench@example.org>\r\nTo: <r\(n)@example.net>\r\nSubject: bench \(n)\r\n\r\n"
        return NewMessage(
            id: QueueID.make(millisecondsSince1970: arrival), sender: "bench@example.org",
            recipients: (0..<count).map { "r\(n)-\($0)@d\(n % 1000).example" }, priority: priority, deliverBy: nil,
            receivedAt: Date(timeIntervalSince1970: Double(arrival) / 1000), content: Array(head.utf8) + body,
            origin: "bench fill", submitter: nil)
    }
}
