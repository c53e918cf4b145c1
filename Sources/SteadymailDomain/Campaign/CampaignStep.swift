import Foundation

/// What the campaign runner does for one running campaign on one tick.
///
/// It exists so that the runner's decisions (deadline, finish, window, lookahead brake, throttle) are one pure function
/// of the facts it reads, tested with a clock, and the service only carries them out.
public enum CampaignStep: Sendable, Equatable {
    /// The deadline passed: expire the pending rows (the campaign finishes once its queued copies are final).
    case expire
    /// Nothing pending and nothing of the campaign waiting in the queue: finish.
    case finish
    /// Nothing to enqueue now; look again at `until` (nil: at the next tick). `stalled` is true when the lookahead is
    /// full, which is the outage brake.
    case wait(until: Date?, stalled: Bool)
    /// Enqueue up to this many pending subscribers.
    case enqueue(Int)

    /// The facts about one running campaign the decision needs.
    public struct Facts: Sendable, Equatable {
        public var now: Date
        public var deadline: Date?
        public var window: SendWindow?
        /// Ledger rows still pending.
        public var pending: Int
        /// The campaign's queue recipients not final yet (queued, deferred, in flight, held).
        public var waiting: Int
        /// The pacer's allowance at `now` (`Int.max` when unthrottled).
        public var allowance: Int
        public var batch: Int
        public var lookahead: Int

        public init(
            now: Date, deadline: Date?, window: SendWindow?, pending: Int, waiting: Int, allowance: Int, batch: Int,
            lookahead: Int
        ) {
            self.now = now
            self.deadline = deadline
            self.window = window
            self.pending = pending
            self.waiting = waiting
            self.allowance = allowance
            self.batch = batch
            self.lookahead = lookahead
        }
    }

    public static func decide(_ facts: Facts) -> CampaignStep {
        if let deadline = facts.deadline, deadline <= facts.now {
            // Queued copies expire through the queue's own deliverBy; the campaign ends once they are final.
            if facts.pending > 0 { return .expire }
            return facts.waiting == 0 ? .finish : .wait(until: nil, stalled: false)
        }
        if facts.pending == 0 {
            return facts.waiting == 0 ? .finish : .wait(until: nil, stalled: false)
        }
        if let window = facts.window, !window.isOpen(at: facts.now) {
            return .wait(until: window.nextOpening(after: facts.now), stalled: false)
        }
        let room = facts.lookahead - facts.waiting
        if room <= 0 { return .wait(until: nil, stalled: true) }
        let count = min(facts.allowance, facts.batch, room, facts.pending)
        return count > 0 ? .enqueue(count) : .wait(until: nil, stalled: false)
    }
}
