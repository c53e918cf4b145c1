import Foundation
import SteadymailDomain
import SteadymailStorage

extension CampaignOperations {
    /// The most incidents read to find those that overlapped a campaign, newest first.
    static let reportIncidentLimit = 1_000
    /// The most overlapping incidents a report lists (the newest), which also bounds the delay queries.
    static let reportIncidentsShown = 100

    /// A campaign's report at `now`: totals and rates, the hourly series from its start to its last activity, and
    /// the recipients each incident overlapping its sending span delayed. Every figure is aggregated by the store.
    public func report(id: Int64, now: Date) async throws -> CampaignReportView {
        guard let campaign = try await store.campaign(id: id) else {
            throw CampaignRequestError(field: "id", "no campaign \(id)", notFound: true)
        }
        let progress = try await store.campaignProgress(campaign: id)
        let feedback = try await store.feedbackCounts(campaign: id)
        let engagement = try await store.engagementSummary(campaign: id)
        let activity = try await store.campaignActivity(campaign: id)

        let start = campaign.startedAt ?? activity.firstActivity ?? campaign.createdAt
        let lastActivity = max(activity.lastActivity ?? start, start)
        let series = try await hours(campaign: id, start: start, lastActivity: lastActivity)
        let spanEnd = progress.waiting > 0 || !campaign.state.isFinal ? max(now, lastActivity) : lastActivity
        let incidents = try await store.incidents(openOnly: false, limit: Self.reportIncidentLimit)
            .filter { $0.openedAt <= spanEnd && ($0.closedAt ?? now) >= start }
            .prefix(Self.reportIncidentsShown)
            .sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
        var delays: [CampaignReportView.IncidentDelay] = []
        for incident in incidents {
            let window = ImpactWindow(relay: incident.relay, start: incident.openedAt, end: incident.closedAt ?? now)
            let statistics = try await store.campaignDelays(campaign: id, windows: [window], now: now)
            delays.append(
                CampaignReportView.IncidentDelay(
                    id: incident.id, monitor: incident.monitor, relay: incident.relay,
                    startedAt: CampaignView.text(incident.openedAt), endedAt: incident.closedAt.map(CampaignView.text),
                    delayed: CampaignReportView.Delay(statistics)))
        }
        let windows = incidents.map {
            ImpactWindow(relay: $0.relay, start: $0.openedAt, end: $0.closedAt ?? now)
        }
        let downtime = try await store.campaignDelays(campaign: id, windows: windows, now: now)

        let totals = Self.totals(progress: progress, feedback: feedback, engagement: engagement, activity: activity)
        let rates = CampaignRates(
            sent: totals.sent, delivered: totals.delivered, bounced: totals.bounced.hard + totals.bounced.soft,
            uniqueOpens: totals.uniqueOpens, uniqueClicks: totals.uniqueClicks, complaints: totals.complaints)
        return CampaignReportView(
            campaign: CampaignReportView.Summary(
                id: id, name: campaign.settings.name, state: campaign.state,
                startedAt: campaign.startedAt.map(CampaignView.text),
                finishedAt: campaign.finishedAt.map(CampaignView.text)),
            generatedAt: CampaignView.text(now), totals: totals, rates: CampaignReportView.Rates(rates),
            hours: series.hours.map(CampaignReportView.Hour.init), hoursTruncated: series.truncated,
            incidents: delays, delayedByDowntime: CampaignReportView.Delay(downtime))
    }

    /// The dense hourly series, read only over the hours it can show.
    private func hours(campaign id: Int64, start: Date, lastActivity: Date) async throws -> CampaignHourSeries {
        let first = CampaignHourSeries.hourStart(start)
        let to = min(
            CampaignHourSeries.limitEnd(start: start),
            CampaignHourSeries.hourStart(lastActivity).addingTimeInterval(3_600))
        var counts = try await store.campaignHours(campaign: id, from: first, to: to)
        for hour in try await store.engagementHours(campaign: id) where hour.hour >= first && hour.hour < to {
            counts.append(
                CampaignHour(
                    hour: hour.hour, opens: hour.kind == .open ? hour.total : 0,
                    clicks: hour.kind == .click ? hour.total : 0))
        }
        return CampaignHourSeries(start: start, end: lastActivity, counts: counts)
    }

    static func totals(
        progress: CampaignProgress, feedback: [FeedbackKind: Int], engagement: EngagementSummary,
        activity: CampaignActivity
    ) -> CampaignReportView.Totals {
        let expired = progress.queueExpired
        let deadline = ExpiryReason.deadline.rawValue
        let maxAge = ExpiryReason.maxAge.rawValue
        return CampaignReportView.Totals(
            sent: progress.ledger[.enqueued] ?? 0, delivered: progress.queue[.delivered] ?? 0,
            deferred: CampaignReportView.Deferred(
                recipients: activity.deferredRecipients, waiting: progress.queue[.deferred] ?? 0),
            bounced: CampaignReportView.Bounced(hard: feedback[.hardBounce] ?? 0, soft: feedback[.softBounce] ?? 0),
            expired: CampaignReportView.Expired(
                deadline: progress.expiredByDeadline, maxAge: expired[maxAge] ?? 0,
                other: expired.filter { $0.key != deadline && $0.key != maxAge }.values.reduce(0, +)),
            opens: engagement.opens, uniqueOpens: engagement.uniqueOpens, clicks: engagement.clicks,
            uniqueClicks: engagement.uniqueClicks, unsubscribes: feedback[.unsubscribe] ?? 0,
            complaints: feedback[.complaint] ?? 0,
            skipped: Dictionary(uniqueKeysWithValues: progress.skipped.map { ($0.key.rawValue, $0.value) }))
    }
}
