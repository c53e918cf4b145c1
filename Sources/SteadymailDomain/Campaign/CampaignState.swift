/// Where a campaign stands. It exists so that every command and the runner agree on what may happen next: a
/// cancelled campaign never sends again, a finished one is never resumed.
///
/// ```
///            schedule               send_at reached (late start allowed)
///  draft ─────────────▶ scheduled ───────────────────────────▶ running ◀──resume── paused
///    │   start now                 │ deadline passed before start   │  ──pause──▶    │
///    └──────────────────────────────┼───────────────────────────────▶│               │
///                                   ▼                                 ▼               │
///                                finished ◀── ledger done / deadline ─┘◀──deadline────┘
///
///  draft, scheduled, running, paused ───cancel───▶ cancelled
/// ```
///
/// `finished` and `cancelled` are final. A scheduled campaign may go back to `draft` (unscheduled) or be scheduled
/// again at another time.
public enum CampaignState: String, Sendable, Codable, CaseIterable {
    case draft
    case scheduled
    case running
    case paused
    case finished
    case cancelled

    /// A final state is never left again.
    public var isFinal: Bool { self == .finished || self == .cancelled }

    /// The states this one may move to.
    public var successors: Set<CampaignState> {
        switch self {
        case .draft: [.scheduled, .running, .cancelled]
        case .scheduled: [.draft, .scheduled, .running, .finished, .cancelled]
        case .running: [.paused, .finished, .cancelled]
        case .paused: [.running, .finished, .cancelled]
        case .finished, .cancelled: []
        }
    }

    public func canMove(to next: CampaignState) -> Bool { successors.contains(next) }

    /// The states from which `next` may be reached: what a compare-and-set in storage checks.
    public static func predecessors(of next: CampaignState) -> Set<CampaignState> {
        Set(allCases.filter { $0.canMove(to: next) })
    }
}
