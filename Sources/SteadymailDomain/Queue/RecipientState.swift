/// Where one recipient of a queued message stands. Each recipient is tracked on its own so that one slow or failing
/// destination never holds back, or duplicates, delivery to the others.
///
/// ```
///            claim               remote 250
///  queued ───────────▶ inFlight ───────────▶ delivered
///    ▲                 │  │  │   remote 5xx
///    │   lease expired │  │  └──────────────▶ bounced
///    └─────────────────┘  │ 4xx / no relay
///                         ▼                   deadline or lifetime passed
///                      deferred ──────────────────────────────▶ expired
///                         │ next attempt due: claim
///                         └──────────▶ inFlight
///
///  operator moves (steadymail queue hold | release | delete):
///
///  queued, deferred ───hold───▶ held ───release───▶ queued (due now)
///  queued, deferred, held ───delete───▶ expired (reason deleted)
///
///  campaign mail, checked again when claimed (the claim is undone in its own transaction):
///
///  queued, deferred ───subscriber unsubscribed or suppressed───▶ expired (reason unsubscribed, suppressed)
///  queued, deferred ───campaign cancelled───▶ expired (reason deleted)
///  queued, deferred ───campaign paused───▶ held
/// ```
///
/// `held` is an operator's decision: a held recipient is never claimed, and it never expires by `delivery.max_age` or
/// its deadline while held, because the operator stopped it on purpose. Only `release` or `delete` moves it on; after
/// a release the usual limits apply again, counted from the original arrival, so mail held past its lifetime expires
/// right after its release. In-flight recipients are never held or deleted: their delivery attempt finishes first.
public enum RecipientState: String, Sendable, Codable, CaseIterable {
    case queued
    case inFlight = "in_flight"
    case deferred
    case held
    case delivered
    case bounced
    case expired

    /// A final state is never left again.
    public var isFinal: Bool {
        switch self {
        case .delivered, .bounced, .expired: true
        case .queued, .inFlight, .deferred, .held: false
        }
    }

    /// The states this one may move to.
    public var successors: Set<RecipientState> {
        switch self {
        case .queued: [.inFlight, .expired, .held]
        case .inFlight: [.delivered, .bounced, .deferred, .queued, .expired]
        case .deferred: [.inFlight, .queued, .expired, .held]
        case .held: [.queued, .expired]
        case .delivered, .bounced, .expired: []
        }
    }

    public func canMove(to next: RecipientState) -> Bool { successors.contains(next) }
}

/// A refused state change: the caller asked for a transition the recipient state machine does not allow.
public struct InvalidTransition: Error, Sendable, Equatable, CustomStringConvertible {
    public let from: RecipientState
    public let to: RecipientState
    public init(from: RecipientState, to: RecipientState) {
        self.from = from
        self.to = to
    }
    public var description: String { "recipient cannot move from \(from.rawValue) to \(to.rawValue)" }
}
