import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct DeliveryObjectiveTests {
    @Test func defaultsPerPriority() {
        #expect(DeliveryObjective.defaultObjective(for: .transactional).target == .seconds(60))
        #expect(DeliveryObjective.defaultObjective(for: .timeCritical).target == .seconds(900))
        #expect(DeliveryObjective.defaultObjective(for: .bulk).target == .seconds(14400))
        #expect(Priority.allCases.allSatisfy { DeliveryObjective.defaultObjective(for: $0).ratio == 99 })
    }

    @Test func attainmentCountsOnlyJudgedRecipients() {
        let counts = DeliveryOutcomeCounts(onTime: 196, late: 4, pending: 50, bounced: 30)
        #expect(counts.judged == 200)
        #expect(counts.attainmentPercent == 98)
        #expect(counts.errorRate == 0.02)
        #expect(DeliveryOutcomeCounts(pending: 3, bounced: 1).attainmentPercent == nil)
    }

    /// A synthetic day of transactional mail at 99 % within 60 s: 1000 recipients, 30 late. The day's budget allows
    /// 10 late; it is overspent by 20, and a window where 5 of 50 were late burns at 10x.
    @Test func budgetAndBurnOfADay() {
        let objective = DeliveryObjective.defaultObjective(for: .transactional)
        let day = DeliveryOutcomeCounts(onTime: 970, late: 30)
        let budget = ErrorBudget(objective: objective.ratio, total: Double(day.judged), bad: Double(day.late))
        #expect(abs(budget.allowed - 10) < 1e-9)
        #expect(abs(budget.left + 20) < 1e-9)
        let window = DeliveryOutcomeCounts(onTime: 45, late: 5)
        let burn = window.errorRate.map { ErrorBudget.burnRate(errorRate: $0, objective: objective.ratio) }
        #expect(abs((burn ?? 0) - 10) < 1e-9)
        let sum = day + window
        #expect(sum == DeliveryOutcomeCounts(onTime: 1015, late: 35))
    }
}
