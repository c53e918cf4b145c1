import Foundation

/// What the reputation guard remembers of one campaign or relay between checks, and what it does on each verdict.
///
/// It exists so that the guard's memory is pure and tested on its own: an alert is raised once per condition (a
/// warning, or a pause that is more severe), its recovery once when the counts are healthy again, and a campaign the
/// guard paused and an operator resumed is not paused again for the same breach at once. After a pause the guard
/// remembers the counts it paused on; while the rate is still over, it pauses again only once at least
/// `hardBounceMinAttempts` new attempts (or `complaintMinDelivered` new delivered, for complaints) were counted since.
/// The memory of a pause lapses after one window, when every counted outcome is newer than the pause. It is kept in
/// memory only: after a restart a resumed campaign still over its threshold is paused again on the first check.
public struct ReputationWatch: Sendable, Equatable {
    /// What a check does.
    public enum Step: Sendable, Equatable {
        /// Nothing changed.
        case none
        /// Raise this verdict's alert (and, for a campaign, pause it on `.pause`).
        case raise(ReputationVerdict)
        /// The rate is over the pause threshold of a campaign that was resumed, but too few outcomes are new.
        case hold(ReputationVerdict.Breach, new: Int, needed: Int)
        /// The condition raised with this verdict has ended.
        case recover(ReputationVerdict)
    }

    /// The verdict whose alert is raised and not yet recovered; nil when none is.
    public private(set) var raised: ReputationVerdict?
    /// The counts the guard paused on, and when.
    public private(set) var lastPause: Pause?

    /// A pause the guard made.
    public struct Pause: Sendable, Equatable {
        public var counts: ReputationCounts
        public var at: Date
    }

    public init() {}

    /// Whether there is nothing to remember: no alert raised, no pause within the window.
    public var isIdle: Bool { raised == nil && lastPause == nil }

    /// Forgets the condition raised (the campaign ended); returns it, nil when none was.
    public mutating func end() -> ReputationVerdict? {
        defer { self = ReputationWatch() }
        return raised
    }

    /// The step for this check's `verdict` on `counts` at `now`. `pauses` says whether a pause verdict pauses (a
    /// campaign) or only alerts (a relay); only a pause is remembered for the rule after a resume.
    public mutating func judge(
        _ verdict: ReputationVerdict, counts: ReputationCounts, thresholds: ReputationThresholds, window: Duration,
        pauses: Bool, now: Date
    ) -> Step {
        if let pause = lastPause, now.timeIntervalSince(pause.at) >= window.inSeconds { lastPause = nil }
        switch verdict {
        case .healthy:
            guard let ended = raised else { return .none }
            raised = nil
            return .recover(ended)
        case .warn:
            guard raised == nil else { return .none }
            raised = verdict
            return .raise(verdict)
        case .pause(let breach):
            guard pauses else {
                guard raised != verdict else { return .none }
                raised = verdict
                return .raise(verdict)
            }
            if let pause = lastPause {
                let (new, needed) =
                    switch breach {
                    case .hardBounces:
                        (counts.attempts - pause.counts.attempts, thresholds.hardBounceMinAttempts)
                    case .complaints:
                        (counts.delivered - pause.counts.delivered, thresholds.complaintMinDelivered)
                    }
                if new < needed { return .hold(breach, new: max(new, 0), needed: needed) }
            }
            raised = verdict
            lastPause = Pause(counts: counts, at: now)
            return .raise(verdict)
        }
    }
}
