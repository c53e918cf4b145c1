import Foundation
import SteadymailDomain
import Testing

@Suite struct CampaignDecisionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func campaignStateTransitions() {
        #expect(CampaignState.draft.canMove(to: .scheduled))
        #expect(CampaignState.draft.canMove(to: .running))
        #expect(CampaignState.scheduled.canMove(to: .running))
        #expect(CampaignState.scheduled.canMove(to: .finished))
        #expect(CampaignState.running.canMove(to: .paused))
        #expect(CampaignState.paused.canMove(to: .running))
        #expect(!CampaignState.draft.canMove(to: .paused))
        #expect(!CampaignState.running.canMove(to: .scheduled))
        for final in [CampaignState.finished, .cancelled] {
            #expect(final.isFinal && final.successors.isEmpty)
        }
        for state in CampaignState.allCases where !state.isFinal {
            #expect(state.canMove(to: .cancelled))
        }
        #expect(CampaignState.predecessors(of: .paused) == [.running])
        #expect(CampaignState.predecessors(of: .running) == [.draft, .scheduled, .paused])
    }

    @Test func ledgerTransitionsLeavePendingOnce() {
        for next in [LedgerState.enqueued, .skipped, .expired, .cancelled] {
            #expect(LedgerState.pending.canMove(to: next))
            #expect(next.isFinal && next.successors.isEmpty)
        }
        #expect(!LedgerState.pending.canMove(to: .pending))
        #expect(!LedgerState.enqueued.canMove(to: .skipped))
        #expect(LedgerSkipReason.forStatus(.enabled) == nil)
        #expect(LedgerSkipReason.forStatus(.unsubscribed) == .unsubscribed)
        #expect(LedgerSkipReason.forStatus(.blocklisted) == .blocklisted)
        #expect(LedgerSkipReason.forStatus(.bounced) == .bounced)
    }

    @Test func aLateStartHappensOnlyWhileTheDeadlineAllows() {
        let sendAt = now.addingTimeInterval(-(2 * 3600 + 13 * 60 + 5))
        let onTime = CampaignStart.decide(sendAt: now, deadline: nil, now: now)
        #expect(onTime == .start(late: .zero) && onTime.note == nil)
        #expect(
            CampaignStart.decide(sendAt: now.addingTimeInterval(10), deadline: nil, now: now)
                == .wait(until: now.addingTimeInterval(10)))
        let late = CampaignStart.decide(sendAt: sendAt, deadline: now.addingTimeInterval(3600), now: now)
        #expect(late == .start(late: .seconds(2 * 3600 + 13 * 60 + 5)))
        #expect(late.note == "started 2h13m late")
        #expect(CampaignStart.decide(sendAt: sendAt, deadline: nil, now: now).note == "started 2h13m late")
        let refused = CampaignStart.decide(sendAt: sendAt, deadline: now.addingTimeInterval(-60), now: now)
        #expect(refused == .refuse(deadline: now.addingTimeInterval(-60)))
        #expect(refused.note == "deadline passed before start")
        #expect(CampaignStart.spell(.seconds(3 * 86_400 + 4 * 3600)) == "3d4h")
        #expect(CampaignStart.spell(.seconds(45 * 60)) == "45m")
    }

    func facts(
        deadline: Date? = nil, window: SendWindow? = nil, pending: Int = 100, waiting: Int = 0,
        allowance: Int = Int.max
    ) -> CampaignStep.Facts {
        CampaignStep.Facts(
            now: now, deadline: deadline, window: window, pending: pending, waiting: waiting, allowance: allowance,
            batch: 500, lookahead: 2000)
    }

    @Test func runnerEnqueuesTheSmallestOfItsLimits() {
        #expect(CampaignStep.decide(facts(pending: 10_000)) == .enqueue(500))
        #expect(CampaignStep.decide(facts(pending: 30)) == .enqueue(30))
        #expect(CampaignStep.decide(facts(pending: 10_000, allowance: 7)) == .enqueue(7))
        #expect(CampaignStep.decide(facts(pending: 10_000, waiting: 1900)) == .enqueue(100))
        #expect(CampaignStep.decide(facts(pending: 10_000, allowance: 0)) == .wait(until: nil, stalled: false))
    }

    @Test func aFullLookaheadStallsTheCampaign() {
        #expect(CampaignStep.decide(facts(waiting: 2000)) == .wait(until: nil, stalled: true))
        #expect(CampaignStep.decide(facts(waiting: 2500)) == .wait(until: nil, stalled: true))
    }

    @Test func outsideTheWindowNothingIsEnqueued() throws {
        // 1_800_000_000 is 2027-01-15 08:00 UTC.
        let closed = try SendWindow(parsing: "10:00-12:00", timeZone: "UTC")
        #expect(
            CampaignStep.decide(facts(window: closed)) == .wait(until: now.addingTimeInterval(7200), stalled: false))
        let open = try SendWindow(parsing: "07:00-12:00", timeZone: "UTC")
        #expect(CampaignStep.decide(facts(window: open)) == .enqueue(100))
    }

    @Test func theDeadlineExpiresPendingThenFinishes() {
        let passed = now.addingTimeInterval(-1)
        #expect(CampaignStep.decide(facts(deadline: passed)) == .expire)
        #expect(
            CampaignStep.decide(facts(deadline: passed, pending: 0, waiting: 3)) == .wait(until: nil, stalled: false))
        #expect(CampaignStep.decide(facts(deadline: passed, pending: 0)) == .finish)
        #expect(CampaignStep.decide(facts(deadline: now.addingTimeInterval(60))) == .enqueue(100))
    }

    @Test func finishesWhenNothingIsLeft() {
        #expect(CampaignStep.decide(facts(pending: 0, waiting: 0)) == .finish)
        #expect(CampaignStep.decide(facts(pending: 0, waiting: 5)) == .wait(until: nil, stalled: false))
    }
}
