import Foundation
import SteadymailDomain

/// The storage contract of the reputation guard, a part of `QueueStore`.
///
/// It exists so that the guard reads its rolling counts in one aggregate query per backend instead of walking the
/// queue: per campaign and per relay, the recipients of campaign mail delivered since a time, and the hard bounces and
/// complaints stored as feedback since then. Only recipient-level outcomes are counted: a deferral, a relay-level
/// failure or an expiry is neither delivered nor a bounce, so downtime never counts against a campaign or a relay.
public protocol ReputationStore: Sendable {
    /// The counts since `since` of every campaign that is not finished or finished after `since`, and of every relay
    /// that carried campaign mail or was named by a feedback event in that time. A campaign or relay with nothing to
    /// count is left out.
    func reputationCounts(since: Date) async throws -> ReputationSnapshot
}

/// The rolling counts of the reputation guard, by campaign and by relay.
public struct ReputationSnapshot: Sendable, Equatable {
    public var campaigns: [Int64: ReputationCounts]
    public var relays: [String: ReputationCounts]

    public init(campaigns: [Int64: ReputationCounts] = [:], relays: [String: ReputationCounts] = [:]) {
        self.campaigns = campaigns
        self.relays = relays
    }
}
