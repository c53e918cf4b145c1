import Testing

@testable import SteadymailDomain

@Suite struct PoisonTrackerTests {
    @Test func notExhaustedBeforeAnyRelayDroppedIt() {
        #expect(!PoisonTracker().exhausted(availableRelays: ["a", "b"]))
        #expect(!PoisonTracker().exhausted(availableRelays: []))
    }

    @Test func exhaustedOnceEveryAvailableRelayDroppedIt() {
        var tracker = PoisonTracker()
        tracker.record(relay: "a")
        #expect(!tracker.exhausted(availableRelays: ["a", "b"]))
        tracker.record(relay: "b")
        #expect(tracker.exhausted(availableRelays: ["a", "b"]))
    }

    @Test func relaysThatBecameUnavailableDoNotHoldItBack() {
        var tracker = PoisonTracker()
        tracker.record(relay: "a")
        #expect(tracker.exhausted(availableRelays: ["a"]))
    }

    @Test func aRelayThatReturnsMustTryItToo() {
        var tracker = PoisonTracker()
        tracker.record(relay: "a")
        tracker.record(relay: "a")
        #expect(tracker.relays == ["a"])
        #expect(!tracker.exhausted(availableRelays: ["a", "c"]))
    }
}
