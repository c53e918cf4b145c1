import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct RetentionPolicyTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let policy = RetentionPolicy(bodies: .seconds(7 * 86400), events: .seconds(90 * 86400))
    let day = 86400.0

    func at(_ seconds: Double) -> Date { t0.addingTimeInterval(seconds) }

    @Test func aMessageFinishesWithItsLastFinalRecipient() {
        let finished = RetentionPolicy.finishedAt([
            (.delivered, at(10)), (.bounced, at(30)), (.expired, at(20)),
        ])
        #expect(finished == at(30))
    }

    @Test(arguments: [RecipientState.queued, .inFlight, .deferred])
    func oneRecipientNotFinalKeepsTheMessageUnfinished(_ waiting: RecipientState) {
        #expect(RetentionPolicy.finishedAt([(.delivered, at(10)), (waiting, at(5))]) == nil)
    }

    @Test func everyStateThatIsNotFinalKeepsTheMessageUnfinished() {
        for state in RecipientState.allCases where !state.isFinal {
            #expect(RetentionPolicy.finishedAt([(.delivered, at(1)), (state, at(0))]) == nil, "\(state)")
        }
    }

    @Test func aMessageWithoutRecipientsNeverFinishes() {
        #expect(RetentionPolicy.finishedAt([]) == nil)
    }

    @Test func anUnfinishedMessageIsKeptHoweverOld() {
        #expect(policy.verdict(finishedAt: nil, now: at(1000 * day)) == .keep)
    }

    @Test func theBodyGoesAfterBodiesAndTheRowsAfterEvents() {
        let finished = at(0)
        #expect(policy.verdict(finishedAt: finished, now: at(7 * day - 1)) == .keep)
        #expect(policy.verdict(finishedAt: finished, now: at(7 * day)) == .keep)
        #expect(policy.verdict(finishedAt: finished, now: at(7 * day + 0.001)) == .removeBody)
        #expect(policy.verdict(finishedAt: finished, now: at(90 * day)) == .removeBody)
        #expect(policy.verdict(finishedAt: finished, now: at(90 * day + 0.001)) == .removeMessage)
    }

    @Test func cutoffsAreNowMinusTheRetentions() {
        let now = at(100 * day)
        #expect(policy.bodyCutoff(now: now) == at(93 * day))
        #expect(policy.rowsCutoff(now: now) == at(10 * day))
        #expect(policy.verdict(finishedAt: policy.bodyCutoff(now: now), now: now) == .keep)
        #expect(policy.verdict(finishedAt: policy.rowsCutoff(now: now), now: now) == .removeBody)
    }

    @Test func eventsShorterThanBodiesRemoveTheWholeMessageFirst() {
        let short = RetentionPolicy(bodies: .seconds(10), events: .seconds(5))
        #expect(short.verdict(finishedAt: at(0), now: at(6)) == .removeMessage)
    }
}
