import Foundation
import Testing

@testable import SteadymailDomain

@Suite struct IncidentTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    private func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    @Test func aDownTransitionOpensAnIncidentWithItsCause() throws {
        let down = MonitorTransition(from: .up, to: .down, at: at(10), message: "connection refused")
        let incident = try #require(Incident.opening(down, monitor: "relay:primary", relay: "primary"))
        #expect(incident.openedAt == at(10))
        #expect(incident.cause == "connection refused")
        #expect(incident.relay == "primary")
        #expect(incident.isOpen)
        #expect(incident.duration(now: at(25)) == 15)
        #expect(
            Incident.opening(
                MonitorTransition(from: .down, to: .up, at: at(20), message: "ok"), monitor: "m", relay: nil) == nil)
    }

    @Test func closingFixesTheDurationOnce() {
        var incident = Incident(monitor: "m", relay: nil, openedAt: at(10), cause: "timeout")
        let updated = incident.update(at: at(12), message: "still timing out")
        let closed = incident.close(at: at(70))
        let closedAgain = incident.close(at: at(90))
        let updatedLate = incident.update(at: at(91), message: "late")
        #expect(updated && closed)
        #expect(!closedAgain && !updatedLate)
        #expect(incident.closedAt == at(70))
        #expect(incident.duration(now: at(1000)) == 60)
        #expect(incident.updates == [IncidentUpdate(at: at(12), message: "still timing out")])
        #expect(incident.window(now: at(1000)) == ImpactWindow(relay: nil, start: at(10), end: at(70)))
    }

    @Test func anEndBeforeTheStartIsClampedToTheStart() {
        var incident = Incident(monitor: "m", relay: "r", openedAt: at(10), cause: "x")
        incident.close(at: at(5))
        #expect(incident.duration(now: at(20)) == 0)
    }
}
