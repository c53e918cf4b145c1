/// The traffic class of a message. It exists because a password reset and a campaign must not wait in the same line:
/// delivery order, routing and delivery objectives are all decided per priority.
public enum Priority: String, Sendable, Codable, CaseIterable, Comparable {
    case transactional
    case timeCritical = "time-critical"
    case bulk

    /// Lower ranks are delivered first.
    public var rank: Int {
        switch self {
        case .transactional: 0
        case .timeCritical: 1
        case .bulk: 2
        }
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}
