import Foundation

/// What an incident cost the mail: who was moved or held up by it, by how much, and who expired during it.
///
/// It exists so that an incident report answers "what did this outage cost" with figures from the queue's own events,
/// stored with the incident (as JSON) and shown by the CLI and the API.
public struct IncidentImpact: Sendable, Equatable, Codable {
    /// Recipients that failed over away from the incident's relay during the incident.
    public var failedOver: Int
    /// Recipients deferred on the incident's relay, or left waiting because no relay was available, during it.
    public var deferred: Int
    /// Recipients counted in either figure above (a recipient is counted once here).
    public var affected: Int
    /// Affected recipients delivered since.
    public var delivered: Int
    /// Affected recipients not yet final at the time of the calculation.
    public var stillWaiting: Int
    /// Affected recipients that expired because their deadline passed during the incident.
    public var expired: Int
    /// The extra delay of the affected recipients that were delivered or still wait; nil when there is none.
    public var extraDelay: DelayFigures?
    /// The priority classes of the affected recipients, by name, with how many each.
    public var priorities: [LabelCount]
    /// The tags of the affected recipients' messages, by name, with how many recipients each.
    public var tags: [LabelCount]

    public init(
        failedOver: Int = 0, deferred: Int = 0, affected: Int = 0, delivered: Int = 0, stillWaiting: Int = 0,
        expired: Int = 0, extraDelay: DelayFigures? = nil, priorities: [LabelCount] = [], tags: [LabelCount] = []
    ) {
        self.failedOver = failedOver
        self.deferred = deferred
        self.affected = affected
        self.delivered = delivered
        self.stillWaiting = stillWaiting
        self.expired = expired
        self.extraDelay = extraDelay
        self.priorities = priorities
        self.tags = tags
    }

    /// Whether the incident touched any mail.
    public var isEmpty: Bool { affected == 0 }
}

/// Percentiles of extra delay, in seconds.
public struct DelayFigures: Sendable, Equatable, Codable {
    public var p50: Double
    public var p95: Double
    public var max: Double

    public init(p50: Double, p95: Double, max: Double) {
        self.p50 = p50
        self.p95 = p95
        self.max = max
    }

    /// Nearest-rank percentiles of `values`; nil when there are none.
    public init?(_ values: [Double]) {
        let sorted = values.sorted()
        guard let last = sorted.last else { return nil }
        func rank(_ fraction: Double) -> Double {
            let index = Int((fraction * Double(sorted.count)).rounded(.up)) - 1
            return sorted[Swift.min(Swift.max(index, 0), sorted.count - 1)]
        }
        self.init(p50: rank(0.5), p95: rank(0.95), max: last)
    }
}

/// A name and how many recipients carry it.
public struct LabelCount: Sendable, Equatable, Codable {
    public var name: String
    public var count: Int

    public init(name: String, count: Int) {
        self.name = name
        self.count = count
    }
}
