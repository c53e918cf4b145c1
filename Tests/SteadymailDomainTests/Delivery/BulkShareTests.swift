import Testing

@testable import SteadymailDomain

@Suite struct BulkShareTests {
    @Test func reserveIsRoundedUp() {
        #expect(BulkShare().reservedSlots(totalSlots: 10) == 2)
        #expect(BulkShare().reservedSlots(totalSlots: 11) == 3)
        #expect(BulkShare().reservedSlots(totalSlots: 1) == 1)
        #expect(BulkShare().reservedSlots(totalSlots: 0) == 0)
    }

    @Test func idlePoolKeepsTheReserveFromOtherTraffic() {
        let plan = BulkShare().claimPlan(totalSlots: 10, busyBulk: 0, busyOther: 0)
        #expect(plan.other == 8)
        #expect(plan.bulk == 10)
    }

    @Test func steadyTransactionalLoadLeavesTheReserveToBulk() {
        let plan = BulkShare().claimPlan(totalSlots: 10, busyBulk: 0, busyOther: 8)
        #expect(plan.other == 0)
        #expect(plan.bulk == 2)
    }

    @Test func bulkAboveItsShareDoesNotBlockOtherTraffic() {
        let plan = BulkShare().claimPlan(totalSlots: 10, busyBulk: 5, busyOther: 1)
        #expect(plan.other == 4)
        #expect(plan.bulk == 4)
    }

    @Test func bulkPartlyUsingItsReserve() {
        let plan = BulkShare().claimPlan(totalSlots: 10, busyBulk: 1, busyOther: 3)
        #expect(plan.other == 5)
        #expect(plan.bulk == 6)
    }

    @Test func fullPoolAllowsNothing() {
        let plan = BulkShare().claimPlan(totalSlots: 10, busyBulk: 2, busyOther: 8)
        #expect(plan.other == 0 && plan.bulk == 0)
    }

    @Test func overbookedCountsNeverGoNegative() {
        let plan = BulkShare().claimPlan(totalSlots: 4, busyBulk: 3, busyOther: 6)
        #expect(plan.other == 0 && plan.bulk == 0)
    }

    @Test func shareIsClampedToItsRange() {
        #expect(BulkShare(share: -1).claimPlan(totalSlots: 10, busyBulk: 0, busyOther: 0).other == 10)
        #expect(BulkShare(share: 2).claimPlan(totalSlots: 10, busyBulk: 0, busyOther: 0).other == 0)
    }

    @Test func otherNeverExceedsTheUnreservedSlotsAcrossClaims() {
        let share = BulkShare(share: 0.3)
        for total in 1...20 {
            var busyOther = 0
            while true {
                let plan = share.claimPlan(totalSlots: total, busyBulk: 0, busyOther: busyOther)
                guard plan.other > 0 else { break }
                busyOther += 1
            }
            #expect(total - busyOther == share.reservedSlots(totalSlots: total))
        }
    }
}
