/// Which destination each recipient domain belongs to, and how one message's recipients split into transactions.
///
/// It exists so that the delivery worker asks one pure question per message: a domain listed under a configured
/// destination belongs to it, any other domain is a destination of its own named by the domain. A message whose
/// recipients span limited destinations becomes one transaction per limited destination, so that each takes one slot
/// of its own destination and a throttle for one never holds back the others.
public struct DestinationMap: Sendable, Equatable {
    public let destinations: [Destination]
    private let indexByDomain: [String: Int]

    /// The first destination listing a domain owns it (configuration refuses a domain listed twice).
    public init(destinations: [Destination] = []) {
        self.destinations = destinations
        var index: [String: Int] = [:]
        for (position, destination) in destinations.enumerated() {
            for domain in destination.domains where index[domain.lowercased()] == nil {
                index[domain.lowercased()] = position
            }
        }
        indexByDomain = index
    }

    /// The configured destination of `domain`, or nil when it has none.
    public func destination(forDomain domain: String) -> Destination? {
        indexByDomain[domain.lowercased()].map { destinations[$0] }
    }

    /// The name a domain's traffic is limited and reported under: its destination's name, or the domain itself.
    public func key(forDomain domain: String) -> String {
        destination(forDomain: domain)?.name ?? domain.lowercased()
    }

    /// Splits recipients, given by their domains, into transactions: one per destination that `isLimited` says limits
    /// its traffic, in order of first appearance, then one for everything else (`key` nil). Empty groups are left out.
    public func groups(domains: [String], isLimited: (String) -> Bool) -> [DestinationGroup] {
        var limited: [DestinationGroup] = []
        var positionByKey: [String: Int] = [:]
        var unlimited: [Int] = []
        for (index, domain) in domains.enumerated() {
            let key = key(forDomain: domain)
            guard isLimited(key) else {
                unlimited.append(index)
                continue
            }
            if let position = positionByKey[key] {
                limited[position].indices.append(index)
            } else {
                positionByKey[key] = limited.count
                limited.append(DestinationGroup(key: key, indices: [index]))
            }
        }
        return unlimited.isEmpty ? limited : limited + [DestinationGroup(key: nil, indices: unlimited)]
    }
}

/// The recipients, by position, of one transaction of a message.
public struct DestinationGroup: Sendable, Equatable {
    /// The limited destination all of them belong to; nil for the recipients of unlimited destinations.
    public var key: String?
    public var indices: [Int]

    public init(key: String?, indices: [Int]) {
        self.key = key
        self.indices = indices
    }
}
