import Testing

@testable import SteadymailServer

@Suite struct StatusStateTests {
    @Test func relayStatesAreTranslatedForThePublic() {
        #expect(StatusState.relay(state: "closed", pace: "steady") == .operational)
        #expect(StatusState.relay(state: "closed", pace: "ramping") == .operational)
        #expect(StatusState.relay(state: "closed", pace: "throttled") == .degraded)
        #expect(StatusState.relay(state: "half-open", pace: "steady") == .degraded)
        #expect(StatusState.relay(state: "open", pace: "steady") == .down)
        #expect(StatusState.relay(state: "down", pace: "steady") == .down)
        #expect(StatusState.relay(state: "paused", pace: "steady") == .maintenance)
    }

    @Test func monitorStatesAreTranslatedForThePublic() {
        #expect(StatusState.monitor(state: "up", consecutiveFailures: 0) == .operational)
        #expect(StatusState.monitor(state: "unknown", consecutiveFailures: 0) == .operational)
        #expect(StatusState.monitor(state: "up", consecutiveFailures: 1) == .degraded)
        #expect(StatusState.monitor(state: "down", consecutiveFailures: 3) == .down)
    }

    @Test func theOverallStateIsTheWorstNewsThatMatters() {
        #expect(StatusState.overall(relays: [], monitors: []) == .operational)
        #expect(StatusState.overall(relays: [.operational, .operational], monitors: [.operational]) == .operational)
        #expect(StatusState.overall(relays: [.down, .operational], monitors: []) == .degraded)
        #expect(StatusState.overall(relays: [.down, .down], monitors: [.operational]) == .down)
        #expect(StatusState.overall(relays: [.maintenance, .operational], monitors: []) == .maintenance)
        #expect(StatusState.overall(relays: [.maintenance], monitors: [.degraded]) == .degraded)
    }
}
