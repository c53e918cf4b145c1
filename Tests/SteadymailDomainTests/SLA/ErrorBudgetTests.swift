import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct ErrorBudgetTests {
    @Test func aThirtyDayPeriodAtThreeNinesAllowsFortyThreeMinutes() {
        let period = 30.0 * 86400
        let budget = ErrorBudget(objective: 99.9, total: period, bad: 600)
        #expect(abs(budget.allowed - 2592) < 1e-6)
        #expect(budget.used == 600)
        #expect(abs(budget.left - 1992) < 1e-6)
        #expect(abs((budget.leftFraction ?? 0) - 1992.0 / 2592) < 1e-9)
    }

    @Test func anOverspentBudgetIsNegative() {
        let budget = ErrorBudget(objective: 99, total: 1000, bad: 25)
        #expect(budget.left == -15)
        #expect((budget.leftFraction ?? 0) < 0)
    }

    @Test func nothingMeasuredHasNoShareLeft() {
        #expect(ErrorBudget(objective: 99, total: 0, bad: 0).leftFraction == nil)
    }

    @Test func burnRateIsTheErrorRateOverTheAllowedRate() {
        #expect(abs(ErrorBudget.burnRate(errorRate: 0.001, objective: 99.9) - 1) < 1e-9)
        #expect(abs(ErrorBudget.burnRate(errorRate: 0.0144, objective: 99.9) - 14.4) < 1e-9)
        #expect(abs(ErrorBudget.burnRate(errorRate: 0.5, objective: 99) - 50) < 1e-9)
    }
}
