import Foundation
import SteadymailDomain

/// The report of `steadymail sla` and `GET /v1/sla`.
extension SLAService: SLAReporting {
    public func report() async throws -> SLAReportView { try await report(now: Date()) }

    func report(now: Date) async throws -> SLAReportView {
        let settings = self.settings
        let bound = await boundMonitors()
        var relays: [RelaySLAView] = []
        for relay in settings.relays {
            relays.append(
                try await relayView(relay.name, sla: relay.sla, monitors: bound[relay.name] ?? [], now: now))
        }
        let today = try await outcomes(settings.sla, from: UptimeDay.utcDayStart(of: now), now: now)
        let period = try await outcomes(
            settings.sla, from: now.addingTimeInterval(-settings.sla.period.timeInterval), now: now)
        let burns = try await objectiveBurns(settings.sla, now: now)
        let days = try await store.deliveryOutcomes(
            from: UptimeDay.utcDayStart(of: now.addingTimeInterval(-settings.sla.period.timeInterval)), to: now,
            targets: Dictionary(uniqueKeysWithValues: settings.sla.objectives.map { ($0.priority, $0.target) }),
            now: now, bucket: .seconds(86400))
        let objectives = settings.sla.objectives.map { objective in
            let periodCounts = period[objective.priority] ?? DeliveryOutcomeCounts()
            return ObjectiveView(
                priority: objective.priority.rawValue, targetSeconds: objective.target.timeInterval,
                ratio: objective.ratio, today: OutcomeView(today[objective.priority] ?? DeliveryOutcomeCounts()),
                period: OutcomeView(periodCounts),
                budget: BudgetView(
                    ErrorBudget(
                        objective: objective.ratio, total: Double(periodCounts.judged),
                        bad: Double(periodCounts.late))),
                burn: burnViews(
                    burns[objective.priority] ?? [:],
                    key: { Alert.objectiveBurnKey(objective.priority, $0) }),
                days: days.filter { $0.priority == objective.priority }.map {
                    ObjectiveDayView(start: $0.start, counts: $0.counts)
                })
        }
        var monitorViews: [MonitorUptimeView] = []
        for monitor in await monitors.monitors() {
            // A relay watched by this one monitor alone has just been measured from the same history.
            let availability =
                if let measured = relays.first(where: { $0.relay == monitor.relay && $0.monitors == [monitor.name] }) {
                    measured.availability
                } else {
                    try await self.availability(relay: monitor.relay, monitors: [monitor.name], now: now)
                }
            monitorViews.append(
                MonitorUptimeView(monitor: monitor.name, relay: monitor.relay, availability: availability))
        }
        return SLAReportView(
            generatedAt: InternetDate.rfc3339(now), periodSeconds: settings.sla.period.timeInterval, relays: relays,
            monitors: monitorViews, objectives: objectives)
    }

    /// The availability of `monitors` together over each `UptimePeriod` up to `now`.
    private func availability(relay: String?, monitors: [String], now: Date) async throws -> [AvailabilityView] {
        let (slots, maintenance) = try await history.relay(
            relay, monitors: monitors,
            range: DateInterval(start: now.addingTimeInterval(-UptimePeriod.quarter.seconds), end: now))
        return Self.availability(slots, maintenance: maintenance, now: now)
    }

    /// The measure of `slots` over each `UptimePeriod` ending at `now`, `maintenance` set apart.
    private static func availability(_ slots: [UptimeSlot], maintenance: [DateInterval], now: Date)
        -> [AvailabilityView]
    {
        UptimePeriod.allCases.map { uptime in
            AvailabilityView(
                period: uptime,
                measure: UptimeMeasure.measure(slots, over: uptime.range(endingAt: now), maintenance: maintenance))
        }
    }

    private func relayView(_ relay: String, sla: Double?, monitors: [String], now: Date) async throws
        -> RelaySLAView
    {
        let settings = self.settings
        let period = settings.sla.period.timeInterval
        let reach = max(UptimePeriod.quarter.seconds, period)
        let (slots, maintenance) = try await history.relay(
            relay, monitors: monitors, range: DateInterval(start: now.addingTimeInterval(-reach), end: now))
        let availability = Self.availability(slots, maintenance: maintenance, now: now)
        var view = RelaySLAView(
            relay: relay, sla: sla, monitors: monitors, availability: availability, budget: nil, burn: [])
        guard let sla else { return view }
        let measure = UptimeMeasure.measure(
            slots, over: DateInterval(start: now.addingTimeInterval(-period), end: now), maintenance: maintenance)
        view.budget = BudgetView(
            ErrorBudget(objective: sla, total: period - measure.maintenanceSeconds, bad: measure.downSeconds))
        view.burn = burnViews(
            try await relayBurns(relay, sla: sla, monitors: monitors, now: now),
            key: { Alert.slaBurnKey(relay, $0) })
        return view
    }

    private func burnViews(_ burns: [BurnSpeed: (Double?, Double?)], key: (BurnSpeed) -> String) -> [BurnView] {
        let policy = settings.sla.burnRates
        return BurnSpeed.allCases.map { speed in
            let (long, short) = burns[speed] ?? (nil, nil)
            return BurnView(
                speed, pair: policy.pair(speed), longBurn: long, shortBurn: short, firing: isFiring(key(speed)))
        }
    }
}

/// What the control channel and the API may ask of the SLA service.
///
/// It exists so that the control handler and the HTTP routes do not depend on the service itself.
public protocol SLAReporting: Sendable {
    func report() async throws -> SLAReportView
}
