import Foundation
import Logging
import ServiceLifecycle
import SteadymailConfig
import SteadymailDomain
import SteadymailStorage
import Synchronization

/// Pauses a running campaign whose hard-bounce or complaint rate is over its threshold, and alerts about campaigns and
/// relays whose rates are.
///
/// It exists because a list full of dead or unwilling addresses burns the sender's reputation at the mailbox
/// providers faster than an operator reading a report can react. Every `reputation.check_interval` it reads the rolling
/// counts of the last `reputation.window` (`ReputationStore`: delivered and hard-bounced recipients, complaints; never
/// deferrals or expiries, so downtime does not count) and judges them (`ReputationThresholds`, `ReputationWatch`):
/// - a RUNNING campaign over a pause threshold is paused through `CampaignOperations.pause` with a note naming the rate,
///   logged at warning and announced by a critical `reputation_pause` alert; the operator resumes it with
///   `campaign resume`, after which it is paused again only once enough new outcomes are over the threshold too;
/// - a campaign over the complaint warning threshold raises a `reputation_warn` alert, once until it recovers;
/// - a relay over a threshold raises the same alerts naming the relay, but nothing is paused: which campaigns to stop
///   or which relay to take out of rotation is the operator's decision.
/// When the rates are under the thresholds again, or the campaign ends, the recovery is sent.
public final class ReputationGuard: Service, Sendable {
    let store: any QueueStore
    let campaigns: CampaignOperations
    let alerts: AlertDispatcher?
    let logger: Logger
    private let state: Mutex<State>

    struct State {
        var settings: ReputationConfiguration
        var campaigns: [Int64: ReputationWatch] = [:]
        var relays: [String: ReputationWatch] = [:]
    }

    init(
        settings: ReputationConfiguration, store: any QueueStore, campaigns: CampaignOperations,
        alerts: AlertDispatcher?, logger: Logger
    ) {
        self.store = store
        self.campaigns = campaigns
        self.alerts = alerts
        self.logger = logger
        self.state = Mutex(State(settings: settings))
    }

    /// The `reputation:` section in force.
    var settings: ReputationConfiguration { state.withLock { $0.settings } }

    /// Applies a reloaded `reputation:` section from the next check on.
    func reconfigure(_ settings: ReputationConfiguration) {
        state.withLock { $0.settings = settings }
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: self.settings.checkInterval)
                do {
                    try await self.check(now: Date())
                } catch is CancellationError {
                    return
                } catch {
                    self.logger.error("reputation check failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Judges every running campaign and every relay once.
    func check(now: Date) async throws {
        let settings = self.settings
        let thresholds = ReputationThresholds(settings)
        let snapshot = try await store.reputationCounts(since: now.addingTimeInterval(-settings.window.timeInterval))
        let open = try await store.campaigns(states: [.running, .paused])
        let live = Set(open.map(\.id))
        let ended = state.withLock { state in
            let gone = state.campaigns.keys.filter { !live.contains($0) }
            return gone.compactMap { id in state.campaigns.removeValue(forKey: id)?.raised.map { (id, $0) } }
        }
        for (id, raised) in ended {
            recover(.campaign(id), raised: raised, reason: "the campaign ended", now: now)
        }
        for campaign in open where campaign.state == .running {
            let counts = snapshot.campaigns[campaign.id] ?? ReputationCounts()
            let step = state.withLock { state in
                var watch = state.campaigns[campaign.id] ?? ReputationWatch()
                let step = watch.judge(
                    thresholds.verdict(counts), counts: counts, thresholds: thresholds, window: settings.window,
                    pauses: true, now: now)
                state.campaigns[campaign.id] = watch.isIdle ? nil : watch
                return step
            }
            await act(step, .campaign(campaign.id), counts: counts, thresholds: thresholds, now: now)
        }
        let relays = Set(snapshot.relays.keys).union(state.withLock { Set($0.relays.keys) })
        for relay in relays.sorted() {
            let counts = snapshot.relays[relay] ?? ReputationCounts()
            let step = state.withLock { state in
                var watch = state.relays[relay] ?? ReputationWatch()
                let step = watch.judge(
                    thresholds.verdict(counts), counts: counts, thresholds: thresholds, window: settings.window,
                    pauses: false, now: now)
                state.relays[relay] = watch.isIdle ? nil : watch
                return step
            }
            await act(step, .relay(relay), counts: counts, thresholds: thresholds, now: now)
        }
    }

    private func act(
        _ step: ReputationWatch.Step, _ subject: ReputationSubject, counts: ReputationCounts,
        thresholds: ReputationThresholds, now: Date
    ) async {
        let window = settings.window
        switch step {
        case .none, .raise(.healthy):
            return
        case .raise(.pause(let breach)):
            let rate = breach.describe(counts, window: window)
            if case .campaign(let id) = subject {
                do {
                    _ = try await campaigns.pause(id: id, now: now, note: "paused by the reputation guard: \(rate)")
                } catch {
                    logger.error(
                        "reputation guard could not pause the campaign",
                        metadata: ["campaign": "\(id)", "rate": "\(rate)", "error": "\(error)"])
                    return
                }
                logger.warning(
                    "campaign paused by the reputation guard", metadata: ["campaign": "\(id)", "rate": "\(rate)"])
            } else {
                logger.warning(
                    "relay over the reputation guard's pause threshold; nothing paused",
                    metadata: ["relay": "\(subject.alertSubject)", "rate": "\(rate)"])
            }
            alerts?.fire(
                .reputationPause(
                    subject, breach: breach, counts: counts, thresholds: thresholds, window: window, at: now),
                now: now)
        case .raise(.warn(let breach)):
            logger.warning(
                "reputation guard warning",
                metadata: ["subject": "\(subject.label)", "rate": "\(breach.describe(counts, window: window))"])
            alerts?.fire(
                .reputationWarn(
                    subject, breach: breach, counts: counts, thresholds: thresholds, window: window, at: now),
                now: now)
        case .hold(let breach, let new, let needed):
            logger.debug(
                "reputation guard waits for new outcomes before pausing a resumed campaign again",
                metadata: [
                    "subject": "\(subject.label)", "rate": "\(breach.describe(counts, window: window))",
                    "new": "\(new)", "needed": "\(needed)",
                ])
        case .recover(let raised):
            recover(subject, raised: raised, reason: "rates under the reputation guard's thresholds again", now: now)
        }
    }

    private func recover(_ subject: ReputationSubject, raised: ReputationVerdict, reason: String, now: Date) {
        let kind: AlertKind =
            switch raised {
            case .pause: .reputationPause
            case .warn, .healthy: .reputationWarn
            }
        logger.notice(
            "reputation guard condition ended", metadata: ["subject": "\(subject.label)", "reason": "\(reason)"])
        alerts?.recover(.reputationRecovered(subject, raised: kind, reason: reason, at: now), now: now)
    }
}
