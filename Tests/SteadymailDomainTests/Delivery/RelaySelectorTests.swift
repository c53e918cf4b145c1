import Testing

@testable import SteadymailDomain

@Suite struct RelaySelectorTests {
    private func draws(
        _ selector: RelaySelector, count: Int, routeSubset: [String]? = nil, excluding: Set<String> = []
    ) -> [RelayChoice: Int] {
        var rng = SeededGenerator(seed: 2026)
        var counts: [RelayChoice: Int] = [:]
        for _ in 0..<count {
            counts[selector.choose(routeSubset: routeSubset, excluding: excluding, using: &rng), default: 0] += 1
        }
        return counts
    }

    @Test func weightsThreeToOneHoldOverTenThousandDraws() {
        let selector = RelaySelector(candidates: [
            RelayCandidate(name: "a", weight: 3), RelayCandidate(name: "b", weight: 1),
        ])
        let counts = draws(selector, count: 10_000)
        // Binomial standard deviation is sqrt(10000 × 0.75 × 0.25) ≈ 43; allow about four of them.
        #expect(abs(counts[.relay("a"), default: 0] - 7_500) <= 175)
        #expect(counts[.relay("a"), default: 0] + counts[.relay("b"), default: 0] == 10_000)
    }

    @Test func theLowestGroupWithAUsableRelayIsUsed() {
        let selector = RelaySelector(candidates: [
            RelayCandidate(name: "backup", priorityGroup: 1),
            RelayCandidate(name: "primary", priorityGroup: 0),
        ])
        #expect(draws(selector, count: 100) == [.relay("primary"): 100])
    }

    @Test func anUnavailablePrimaryFailsOverToTheBackupGroup() {
        let selector = RelaySelector(candidates: [
            RelayCandidate(name: "primary", priorityGroup: 0, availability: .unavailable),
            RelayCandidate(name: "backup", priorityGroup: 1),
        ])
        #expect(draws(selector, count: 100) == [.relay("backup"): 100])
    }

    @Test func aBusyPrimaryMeansWaitNotSpill() {
        let selector = RelaySelector(candidates: [
            RelayCandidate(name: "primary-1", priorityGroup: 0, availability: .busy),
            RelayCandidate(name: "primary-2", priorityGroup: 0, availability: .unavailable),
            RelayCandidate(name: "backup", priorityGroup: 1),
        ])
        #expect(draws(selector, count: 10) == [.wait: 10])
    }

    @Test func availableRelaysOfTheGroupAreUsedWhileOthersAreBusy() {
        let selector = RelaySelector(candidates: [
            RelayCandidate(name: "a", availability: .busy), RelayCandidate(name: "b"),
            RelayCandidate(name: "c", availability: .unavailable),
        ])
        #expect(draws(selector, count: 100) == [.relay("b"): 100])
    }

    @Test func everyRelayUnavailableMeansNoneAvailable() {
        let selector = RelaySelector(candidates: [
            RelayCandidate(name: "a", availability: .unavailable),
            RelayCandidate(name: "b", priorityGroup: 1, availability: .unavailable),
        ])
        #expect(draws(selector, count: 10) == [.noneAvailable: 10])
        #expect(draws(RelaySelector(candidates: []), count: 1) == [.noneAvailable: 1])
    }

    @Test func routeSubsetLimitsTheChoice() {
        let selector = RelaySelector(candidates: [
            RelayCandidate(name: "ses", weight: 5), RelayCandidate(name: "postmark"),
            RelayCandidate(name: "backup", priorityGroup: 1),
        ])
        #expect(draws(selector, count: 100, routeSubset: ["postmark"]) == [.relay("postmark"): 100])
        #expect(draws(selector, count: 10, routeSubset: ["backup"]) == [.relay("backup"): 10])
        #expect(draws(selector, count: 10, routeSubset: ["missing"]) == [.noneAvailable: 10])
    }

    @Test func routeSubsetWithItsOnlyRelayUnavailableDoesNotEscapeTheRoute() {
        let selector = RelaySelector(candidates: [
            RelayCandidate(name: "ses", availability: .unavailable), RelayCandidate(name: "postmark"),
        ])
        #expect(draws(selector, count: 10, routeSubset: ["ses"]) == [.noneAvailable: 10])
    }

    @Test func exclusionsFailOverWithinAndThenAcrossGroups() {
        let selector = RelaySelector(candidates: [
            RelayCandidate(name: "a"), RelayCandidate(name: "b"), RelayCandidate(name: "backup", priorityGroup: 1),
        ])
        #expect(draws(selector, count: 100, excluding: ["a"]) == [.relay("b"): 100])
        #expect(draws(selector, count: 10, excluding: ["a", "b"]) == [.relay("backup"): 10])
        #expect(draws(selector, count: 10, excluding: ["a", "b", "backup"]) == [.noneAvailable: 10])
    }

    @Test func weightsBelowOneCountAsOne() {
        let selector = RelaySelector(candidates: [RelayCandidate(name: "a", weight: 0), RelayCandidate(name: "b")])
        let counts = draws(selector, count: 1_000)
        #expect(counts[.relay("a"), default: 0] > 400)
        #expect(counts[.relay("b"), default: 0] > 400)
    }
}
