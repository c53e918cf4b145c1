import Foundation
import SteadymailDomain
import SteadymailStorage

/// The behaviour every `QueueStore` backend must show. Each function takes a freshly opened, empty store, so that
/// the SQLite suite and the PostgreSQL suite run the very same checks.
enum QueueStoreConformance {
    /// A fixed instant so that stored times can be compared exactly (whole milliseconds).
    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)

    static func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    static func id(_ n: Int) -> QueueID {
        let digits = String(n, radix: 10)
        return QueueID(String(repeating: "0", count: 20 - digits.count) + digits)!
    }

    static func content(subject: String = "Hello") -> [UInt8] {
        Array("From: a@example.org\r\nTo: b@example.net\r\nSubject: \(subject)\r\n\r\nBody\r\n".utf8)
    }

    static func message(
        _ n: Int, to recipients: [String] = ["rcpt@example.net"], priority: Priority = .transactional,
        receivedAt: Date = t0, deliverBy: Date? = nil, content: [UInt8] = content(),
        sender: String = "sender@example.org", tags: [String] = []
    ) -> NewMessage {
        NewMessage(
            id: id(n), sender: sender, recipients: recipients, priority: priority,
            deliverBy: deliverBy,
            receivedAt: receivedAt, content: content, origin: "smtp 127.0.0.1 helo=test", submitter: nil, tags: tags)
    }

    static func key(_ n: Int, _ index: Int = 0) -> RecipientKey {
        RecipientKey(messageID: id(n), index: index)
    }

    static func states(_ store: any QueueStore) async throws -> [RecipientKey: RecipientState] {
        let records = try await store.recipients(matching: RecipientFilter())
        return Dictionary(uniqueKeysWithValues: records.map { ($0.key, $0.state) })
    }
}

/// Opens and closes stores of one backend over the same underlying data, for tests that need a second connection.
struct QueueStoreFactory: Sendable {
    var open: @Sendable () async throws -> any QueueStore
    var openReadOnly: @Sendable () async throws -> any QueueStore
    var close: @Sendable (any QueueStore) async throws -> Void
}
