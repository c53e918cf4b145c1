import Foundation
import SteadymailDomain
import SteadymailStorage

/// The queue as `GET /v1/queue` answers it: recipients by state, by priority and state, waiting recipients by the
/// relay of their last attempt, and the age of the oldest waiting one.
///
/// It exists so that a dashboard or an alert reads the whole queue in one request: every state and priority is
/// present with 0 when empty, and `oldest_waiting_age_seconds` is `null` when nothing waits.
struct QueueSummaryView: Encodable, Sendable {
    var byState: [String: Int]
    var byPriority: [String: [String: Int]]
    var byRelay: [String: [String: Int]]
    var oldestWaitingAgeSeconds: Int?

    init(
        counts: QueueCounts, waitingByRelay: [String: [RecipientState: Int]], oldestWaiting: Date?, now: Date
    ) {
        byState = Self.everyState(counts.byState)
        byPriority = Dictionary(
            uniqueKeysWithValues: Priority.allCases.map { ($0.rawValue, Self.everyState(counts.byPriority[$0] ?? [:])) }
        )
        byRelay = waitingByRelay.mapValues { states in
            Dictionary(uniqueKeysWithValues: states.map { ($0.key.rawValue, $0.value) })
        }
        oldestWaitingAgeSeconds = oldestWaiting.map { max(0, Int(now.timeIntervalSince($0).rounded(.down))) }
    }

    private static func everyState(_ counts: [RecipientState: Int]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: RecipientState.allCases.map { ($0.rawValue, counts[$0] ?? 0) })
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(byState, forKey: .byState)
        try container.encode(byPriority, forKey: .byPriority)
        try container.encode(byRelay, forKey: .byRelay)
        try container.encode(oldestWaitingAgeSeconds, forKey: .oldestWaitingAgeSeconds)
    }

    enum CodingKeys: String, CodingKey {
        case byState = "by_state"
        case byPriority = "by_priority"
        case byRelay = "by_relay"
        case oldestWaitingAgeSeconds = "oldest_waiting_age_seconds"
    }
}
