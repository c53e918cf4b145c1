import Foundation
import SteadymailDomain
import Testing

@Suite struct OffPeakPlannerTests {
    /// A Thursday 00:00 UTC (as 1970-01-01 was), on a week boundary of the planner's hour-of-week count.
    let now = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 604_800))

    /// 28 days of history: 100 messages an hour, 1000 between 09:00 and 17:00, and 4 an hour between 02:00 and 04:00
    /// (hours counted from `now`'s week boundary).
    func history() -> [Date: Int] {
        var history: [Date: Int] = [:]
        for hour in 0..<(28 * 24) {
            let start = now.addingTimeInterval(Double(hour - 28 * 24) * 3600)
            let hourOfDay = hour % 24
            history[start] = (9..<17).contains(hourOfDay) ? 1000 : (2..<4).contains(hourOfDay) ? 4 : 100
        }
        // Older than 28 days: ignored.
        history[now.addingTimeInterval(-29 * 86_400)] = 1_000_000
        return history
    }

    @Test func theHourOfWeekEstimateIsTheMeanOfFourWeeks() {
        var sparse: [Date: Int] = [:]
        sparse[now.addingTimeInterval(-7 * 86_400 + 5 * 3600)] = 40
        let planner = OffPeakPlanner(history: sparse, now: now)
        #expect(planner.expected(hourStarting: now.addingTimeInterval(5 * 3600)) == 10)
        #expect(planner.expected(hourStarting: now.addingTimeInterval(6 * 3600)) == 0)
    }

    @Test func theQuietestWindowsComeFirst() {
        let planner = OffPeakPlanner(history: history(), now: now)
        let relays = [
            OffPeakPlanner.RelayCapacity(name: "primary", ratePerSecond: nil),
            OffPeakPlanner.RelayCapacity(name: "backup", ratePerSecond: 0.1),
        ]
        let ranked = planner.suggest(duration: .seconds(7200), relay: "primary", relays: relays, now: now, limit: 14)
        #expect(ranked.count == 14)
        // Every day's 02:00-04:00, earliest first: 8 messages expected, its busiest hour 4.
        #expect(ranked.map(\.start) == (0..<14).map { now.addingTimeInterval(Double($0) * 86_400 + 2 * 3600) })
        #expect(ranked.allSatisfy { $0.expectedVolume == 8 && $0.peakHourlyVolume == 4 })
        #expect(ranked.first?.end == now.addingTimeInterval(4 * 3600))
        // The backup sends 360 an hour: enough at night.
        #expect(ranked.allSatisfy { $0.remainingCapacityPerHour == 360 && $0.othersCanCarry })

        let daytime = planner.suggest(duration: .seconds(7200), relay: "primary", relays: relays, now: now, limit: 400)
        #expect(daytime.count == 14 * 24)
        #expect(daytime.last?.expectedVolume == 2000)
        #expect(daytime.last?.othersCanCarry == false)
    }

    @Test func aNodeWindowLeavesNoRelayAndAPartialHourCountsInPart() {
        let planner = OffPeakPlanner(history: history(), now: now.addingTimeInterval(-1800))
        let ranked = planner.suggest(
            duration: .seconds(5400), relay: nil, relays: [.init(name: "primary", ratePerSecond: nil)],
            now: now.addingTimeInterval(-1800), limit: 1)
        // Starts on the next hour; 02:00-03:30: 4 + 4 * 0.5.
        #expect(ranked.first?.start == now.addingTimeInterval(2 * 3600))
        #expect(ranked.first?.expectedVolume == 6)
        #expect(ranked.first?.remainingCapacityPerHour == 0)
        #expect(ranked.first?.othersCanCarry == false)
    }

    @Test func scheduledMailCountsInItsHour() {
        let planner = OffPeakPlanner(
            history: history(), scheduled: [(at: now.addingTimeInterval(2 * 3600 + 600), count: 50)], now: now)
        let ranked = planner.suggest(
            duration: .seconds(3600), relay: "primary", relays: [.init(name: "primary", ratePerSecond: 1)], now: now,
            limit: 3)
        // The first night's 02:00 now holds 54: the 03:00 hour of the first night and the 02:00 of the second lead.
        #expect(
            ranked.map(\.start) == [
                now.addingTimeInterval(3 * 3600), now.addingTimeInterval(26 * 3600), now.addingTimeInterval(27 * 3600),
            ])
        #expect(planner.expected(hourStarting: now.addingTimeInterval(2 * 3600)) == 54)
        // No relay left when the only one is under maintenance.
        #expect(ranked.allSatisfy { $0.remainingCapacityPerHour == 0 })
    }
}
