/// Chooses the relay for one SMTP transaction: weighted-random among the available relays of the lowest priority
/// group that still has a usable relay.
///
/// It exists to keep the load-balancing and failover rule in one pure place, drawn per transaction with an injected
/// random number generator so that tests can check the distribution.
public struct RelaySelector: Sendable, Equatable {
    public var candidates: [RelayCandidate]

    public init(candidates: [RelayCandidate]) {
        self.candidates = candidates
    }

    /// - Parameters:
    ///   - routeSubset: the relay names a route allows; nil allows every relay.
    ///   - excluding: relays already tried for this message in this attempt (failover).
    public func choose(
        routeSubset: [String]? = nil, excluding: Set<String> = [], using rng: inout some RandomNumberGenerator
    ) -> RelayChoice {
        let allowed = routeSubset.map(Set.init)
        let usable = candidates.filter {
            $0.availability != .unavailable && !excluding.contains($0.name) && allowed?.contains($0.name) != false
        }
        guard let group = usable.map(\.priorityGroup).min() else { return .noneAvailable }
        let ready = usable.filter { $0.priorityGroup == group && $0.availability == .available }
        let total = ready.reduce(0) { $0 + max($1.weight, 1) }
        guard total > 0 else { return .wait }
        var draw = Int.random(in: 0..<total, using: &rng)
        for candidate in ready {
            draw -= max(candidate.weight, 1)
            if draw < 0 { return .relay(candidate.name) }
        }
        preconditionFailure("weighted draw exceeded the total weight")
    }
}
