import Foundation
import SteadymailDomain
import Testing

@Suite struct CampaignPacerTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func unthrottledAllowsEverything() {
        var pacer = CampaignPacer(perMinute: nil, now: start)
        #expect(pacer.allowance(now: start) == Int.max)
        pacer.spend(1_000_000, now: start)
        #expect(pacer.allowance(now: start) == Int.max)
        #expect(pacer.nextAllowance(now: start) == start)
    }

    @Test func refillsAtThePaceWithASmallBurst() {
        // 600 a minute = 10 a second; the burst holds 5 seconds' worth.
        var pacer = CampaignPacer(perMinute: 600, now: start)
        #expect(pacer.allowance(now: start) == 50)
        pacer.spend(50, now: start)
        #expect(pacer.allowance(now: start) == 0)
        #expect(pacer.nextAllowance(now: start) == start.addingTimeInterval(0.1))
        #expect(pacer.allowance(now: start.addingTimeInterval(1)) == 10)
        // A long idle time does not save up more than the burst.
        #expect(pacer.allowance(now: start.addingTimeInterval(3600)) == 50)
    }

    @Test func overAMinuteThePaceHolds() {
        var pacer = CampaignPacer(perMinute: 120, now: start)
        var sent = 0
        for second in 0...60 {
            let now = start.addingTimeInterval(Double(second))
            let count = pacer.allowance(now: now)
            pacer.spend(count, now: now)
            sent += count
        }
        // The initial burst (10) plus two a second for 60 seconds.
        #expect(sent == 130)
    }

    @Test func aSlowPaceStillSendsOne() {
        var pacer = CampaignPacer(perMinute: 1, now: start)
        #expect(pacer.allowance(now: start) == 1)
        pacer.spend(1, now: start)
        #expect(pacer.allowance(now: start.addingTimeInterval(59)) == 0)
        #expect(pacer.allowance(now: start.addingTimeInterval(60)) == 1)
        #expect(pacer.nextAllowance(now: start) == start.addingTimeInterval(60))
    }
}
