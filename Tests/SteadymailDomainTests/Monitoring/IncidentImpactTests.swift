import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct IncidentImpactTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    private func id(_ n: Int) -> QueueID { QueueID(String(format: "%020d", n))! }

    private func event(
        _ message: Int, _ seconds: Double, _ state: RecipientState, relay: String? = nil, note: String? = nil,
        priority: Priority = .transactional, tags: [String] = [], index: Int = 0
    ) -> ImpactEvent {
        ImpactEvent(
            messageID: id(message), recipientIndex: index, time: at(seconds), state: state, relay: relay, note: note,
            priority: priority, tags: tags, receivedAt: at(0))
    }

    /// An incident on relay `primary` from 100 s to 200 s.
    var window: ImpactWindow { ImpactWindow(relay: "primary", start: at(100), end: at(200)) }

    @Test func failoverDeferralDelayAndExpiryFromASyntheticHistory() {
        let events = [
            // 1: failed over at 110, delivered by the backup at 112 → 2 s.
            event(1, 100, .inFlight, note: "claimed by n", tags: ["News"]),
            event(1, 110, .inFlight, relay: "primary", note: "failed over", tags: ["News"]),
            event(1, 112, .delivered, relay: "backup", tags: ["News"]),
            // 2: deferred on primary at 120, delivered at 320 → 200 s.
            event(2, 120, .deferred, relay: "primary", priority: .bulk, tags: ["news", "weekly"]),
            event(2, 320, .delivered, relay: "primary", priority: .bulk, tags: ["news", "weekly"]),
            // 3: waits for a relay at 150, still waiting at now (400) → 250 s.
            event(3, 150, .queued, note: "no relay available", priority: .bulk),
            // 4: waits at 130, expires by its deadline at 180.
            event(4, 130, .deferred, note: "no other relay available", priority: .timeCritical),
            event(4, 180, .expired, note: "deadline", priority: .timeCritical),
            // 5: deferred on another relay: not affected.
            event(5, 150, .deferred, relay: "backup"),
            // 6: failed over on primary before the incident: not affected.
            event(6, 50, .inFlight, relay: "primary", note: "failed over"),
            event(6, 51, .delivered, relay: "backup"),
        ]
        let impact = IncidentImpactCalculator.impact(of: events, window: window, now: at(400))
        #expect(impact.failedOver == 1)
        #expect(impact.deferred == 3)
        #expect(impact.affected == 4)
        #expect(impact.delivered == 2)
        #expect(impact.stillWaiting == 1)
        #expect(impact.expired == 1)
        #expect(impact.extraDelay == DelayFigures(p50: 200, p95: 250, max: 250))
        #expect(
            impact.priorities == [
                LabelCount(name: "bulk", count: 2), LabelCount(name: "time-critical", count: 1),
                LabelCount(name: "transactional", count: 1),
            ])
        #expect(impact.tags == [LabelCount(name: "news", count: 2), LabelCount(name: "weekly", count: 1)])
    }

    @Test func aFailoverAndALaterDeferralCountTheRecipientOnce() {
        let events = [
            event(1, 110, .inFlight, relay: "primary", note: "failed over"),
            event(1, 111, .deferred, note: "no other relay available"),
            event(1, 170, .delivered, relay: "backup"),
        ]
        let impact = IncidentImpactCalculator.impact(of: events, window: window, now: at(400))
        #expect(impact.affected == 1)
        #expect(impact.failedOver == 1 && impact.deferred == 1)
        #expect(impact.extraDelay == DelayFigures(p50: 60, p95: 60, max: 60))
    }

    @Test func anExpiryForMaxAgeOrOutsideTheWindowIsNotCounted() {
        let events = [
            event(1, 110, .deferred, relay: "primary"), event(1, 150, .expired, note: "max_age"),
            event(2, 110, .deferred, relay: "primary"), event(2, 250, .expired, note: "deadline"),
        ]
        let impact = IncidentImpactCalculator.impact(of: events, window: window, now: at(400))
        #expect(impact.affected == 2)
        #expect(impact.expired == 0)
        #expect(impact.extraDelay == nil)
    }

    @Test func aNodeWideIncidentCountsFailoversOnAnyRelay() {
        let events = [
            event(1, 110, .inFlight, relay: "a", note: "failed over"), event(1, 111, .delivered, relay: "b"),
            event(2, 120, .inFlight, relay: "b", note: "failed over"), event(2, 125, .delivered, relay: "a"),
        ]
        let nodeWide = ImpactWindow(relay: nil, start: at(100), end: at(200))
        let impact = IncidentImpactCalculator.impact(of: events, window: nodeWide, now: at(400))
        #expect(impact.failedOver == 2)
        #expect(impact.extraDelay == DelayFigures(p50: 1, p95: 5, max: 5))
    }

    @Test func noEventsNoImpact() {
        let impact = IncidentImpactCalculator.impact(of: [], window: window, now: at(400))
        #expect(impact == IncidentImpact())
        #expect(impact.isEmpty)
    }

    @Test func percentilesUseTheNearestRank() {
        let figures = DelayFigures((1...100).map(Double.init))
        #expect(figures == DelayFigures(p50: 50, p95: 95, max: 100))
        #expect(DelayFigures([]) == nil)
    }
}
