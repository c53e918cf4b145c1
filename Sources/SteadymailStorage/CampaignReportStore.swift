import Foundation
import SteadymailDomain

/// The storage contract for the campaign report, a part of `QueueStore`: the queue-side figures `campaignProgress`
/// does not hold, the hourly series, and how long outages delayed a campaign's recipients.
///
/// It exists so that a report over a campaign of a million recipients is aggregated by the database in a few reads,
/// never by loading its recipients or events into memory.
public protocol CampaignReportStore: Sendable {
    /// How many of the campaign's queue recipients were deferred at least once, and the time of its first and last
    /// recorded activity (queue events, bounces and complaints, opens and clicks).
    func campaignActivity(campaign: Int64) async throws -> CampaignActivity

    /// The campaign's messages queued, delivered, deferrals and bounces per UTC hour in `[from, to)`, only hours with
    /// any of them, oldest first; `opens` and `clicks` are left zero (`engagementHours` has them).
    func campaignHours(campaign: Int64, from: Date, to: Date) async throws -> [CampaignHour]

    /// The campaign's queue recipients held up inside any of `windows`, each once, and how long each waited: to its
    /// final state (delivered, bounced or expired), or to `now` while it still waits. Held up means, inside the
    /// window: deferred on the window's relay (or with no relay), or waiting for lack of a relay (from that event);
    /// or sitting in the queue through the window without any delivery attempt, as everything does while every
    /// relay is down (from its arrival, or the window's start if it arrived before).
    func campaignDelays(campaign: Int64, windows: [ImpactWindow], now: Date) async throws -> DelayStatistics
}

/// A campaign's queue activity in brief, for its report.
public struct CampaignActivity: Sendable, Equatable {
    /// Queue recipients deferred at least once.
    public var deferredRecipients: Int
    public var firstActivity: Date?
    public var lastActivity: Date?

    public init(deferredRecipients: Int = 0, firstActivity: Date? = nil, lastActivity: Date? = nil) {
        self.deferredRecipients = deferredRecipients
        self.firstActivity = firstActivity
        self.lastActivity = lastActivity
    }
}
