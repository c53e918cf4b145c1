import Foundation

/// The decision whether a scheduled campaign starts now, and how late.
///
/// It exists because a node that was down over a campaign's start time must not fire it blindly: a campaign whose
/// deadline has passed would mail a flash sale that ended. It starts late only while its deadline still allows, and
/// the decision says how late, so that the campaign's note tells the operator.
public enum CampaignStart: Sendable, Equatable {
    /// Not yet: the start time lies ahead.
    case wait(until: Date)
    /// Start now, `late` after the scheduled time (zero or a little when on time).
    case start(late: Duration)
    /// Do not start: the deadline passed at `deadline`, before the campaign could start.
    case refuse(deadline: Date)

    /// Lateness below this is not worth a note: the runner ticks about once a second.
    public static let noticeableLateness: Duration = .seconds(60)

    /// Decides for a campaign scheduled at `sendAt` with an optional `deadline`, at `now`.
    public static func decide(sendAt: Date, deadline: Date?, now: Date) -> CampaignStart {
        if now < sendAt { return .wait(until: sendAt) }
        if let deadline, deadline <= now { return .refuse(deadline: deadline) }
        let late = now.timeIntervalSince(sendAt)
        return .start(late: .milliseconds(Int64((late * 1000).rounded(.down))))
    }

    /// The note to keep with the campaign: `started 2h13m late`, `deadline passed before start`; nil when it started
    /// on time or is still waiting.
    public var note: String? {
        switch self {
        case .wait: nil
        case .start(let late): late >= Self.noticeableLateness ? "started \(Self.spell(late)) late" : nil
        case .refuse: "deadline passed before start"
        }
    }

    /// A duration as operators read it: `2h13m`, `45m`, `3d4h`.
    public static func spell(_ duration: Duration) -> String {
        let minutes = Int(duration.components.seconds / 60)
        let days = minutes / 1440
        let hours = (minutes % 1440) / 60
        let rest = minutes % 60
        if days > 0 { return "\(days)d\(hours)h" }
        if hours > 0 { return "\(hours)h\(rest)m" }
        return "\(rest)m"
    }
}
