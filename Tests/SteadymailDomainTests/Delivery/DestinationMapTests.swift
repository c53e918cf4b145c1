import Testing

@testable import SteadymailDomain

@Suite struct DestinationMapTests {
    let map = DestinationMap(destinations: [
        Destination(name: "microsoft", domains: ["outlook.com", "hotmail.com"], concurrency: 2),
        Destination(name: "example.org", domains: ["example.org"], rate: 5),
        Destination(name: "watched", domains: ["watched.example"]),
    ])

    @Test func domainsMapToTheirDestinationOrToThemselves() {
        #expect(map.key(forDomain: "Hotmail.COM") == "microsoft")
        #expect(map.key(forDomain: "example.org") == "example.org")
        #expect(map.key(forDomain: "other.example") == "other.example")
        #expect(map.key(forDomain: "sub.outlook.com") == "sub.outlook.com")
        #expect(map.destination(forDomain: "outlook.com")?.concurrency == 2)
        #expect(map.destination(forDomain: "other.example") == nil)
        #expect(map.destination(forDomain: "watched.example")?.hasLimits == false)
    }

    @Test func limitedDestinationsGetOneTransactionEachAndTheRestShareOne() {
        let domains = ["a.example", "outlook.com", "example.org", "hotmail.com", "b.example", "watched.example"]
        let groups = map.groups(domains: domains) { ["microsoft", "example.org"].contains($0) }
        #expect(
            groups == [
                DestinationGroup(key: "microsoft", indices: [1, 3]),
                DestinationGroup(key: "example.org", indices: [2]),
                DestinationGroup(key: nil, indices: [0, 4, 5]),
            ])
    }

    @Test func withNothingLimitedOneTransactionCarriesEveryone() {
        let groups = map.groups(domains: ["outlook.com", "x.example"]) { _ in false }
        #expect(groups == [DestinationGroup(key: nil, indices: [0, 1])])
        #expect(map.groups(domains: []) { _ in true } == [])
    }
}
