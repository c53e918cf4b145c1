import Testing

@testable import SteadymailDomain

@Suite struct RouteTableTests {
    let table = RouteTable(routes: [
        Route(name: "resets", priority: .transactional, senderDomain: "example.com", relays: ["postmark"]),
        Route(name: "partner", apiKey: "partner-key", relays: ["partner-relay"]),
        Route(name: "campaigns", priority: .bulk, relays: ["ses", "backup"]),
    ])

    @Test func firstMatchingRouteWins() {
        #expect(table.relays(for: .transactional, senderDomain: "example.com", apiKey: "partner-key") == ["postmark"])
        #expect(table.relays(for: .bulk, senderDomain: "other.org", apiKey: "partner-key") == ["partner-relay"])
    }

    @Test func everyConditionMustHold() {
        #expect(table.relays(for: .timeCritical, senderDomain: "example.com", apiKey: nil) == nil)
        #expect(table.relays(for: .transactional, senderDomain: "other.org", apiKey: nil) == nil)
    }

    @Test func aRouteWithOnlyAPriorityMatchesAnySender() {
        #expect(table.relays(for: .bulk, senderDomain: "other.org", apiKey: nil) == ["ses", "backup"])
    }

    @Test func senderDomainIgnoresCase() {
        #expect(table.relays(for: .transactional, senderDomain: "Example.COM", apiKey: nil) == ["postmark"])
    }

    @Test func noRoutesMeansEveryRelay() {
        #expect(RouteTable().relays(for: .bulk, senderDomain: "example.com", apiKey: nil) == nil)
    }

    @Test func apiKeyRouteNeedsThatKey() {
        let route = Route(name: "partner", apiKey: "k1", relays: ["r"])
        #expect(!route.matches(priority: .bulk, senderDomain: "a.example", apiKey: nil))
        #expect(!route.matches(priority: .bulk, senderDomain: "a.example", apiKey: "k2"))
        #expect(route.matches(priority: .bulk, senderDomain: "a.example", apiKey: "k1"))
    }
}
