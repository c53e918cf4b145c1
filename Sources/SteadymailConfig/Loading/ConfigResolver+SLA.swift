import SteadymailDomain

/// Resolution of the `sla:` section and of each relay's `sla`.
extension ConfigResolver {
    func resolveSLA(_ raw: RawSLA?) throws(ConfigError) -> SLAConfiguration {
        let period = try duration(raw?.period, key: "sla.period", default: "30d")
        let fast = try pair(
            factor: raw?.fastBurnRate, long: raw?.fastLongWindow, short: raw?.fastShortWindow, speed: "fast",
            defaults: ("14.4", "1h", "5m"), period: period)
        let slow = try pair(
            factor: raw?.slowBurnRate, long: raw?.slowLongWindow, short: raw?.slowShortWindow, speed: "slow",
            defaults: ("6", "6h", "30m"), period: period)
        var objectives: [DeliveryObjective] = []
        for priority in Priority.allCases {
            let name = Self.objectiveKey(priority)
            let rawObjective = raw?.objectives?[priority]
            let fallback = DeliveryObjective.defaultObjective(for: priority)
            let target = try optionalDuration(rawObjective?.target, key: "sla.objectives.\(name).target")
            objectives.append(
                DeliveryObjective(
                    priority: priority, target: target ?? fallback.target,
                    ratio: try percent(rawObjective?.ratio, key: "sla.objectives.\(name).ratio") ?? fallback.ratio))
        }
        return SLAConfiguration(
            period: period,
            evaluationInterval: try duration(raw?.evaluationInterval, key: "sla.evaluation_interval", default: "1m"),
            burnRates: BurnRatePolicy(fast: fast, slow: slow), objectives: objectives)
    }

    /// The key of a priority class under `sla.objectives` (`time_critical` for `time-critical`, so that it has an
    /// environment variable).
    static func objectiveKey(_ priority: Priority) -> String {
        priority.rawValue.replacingOccurrences(of: "-", with: "_")
    }

    /// A percentage strictly between 0 and 100, such as an SLA of 99.9; nil when absent.
    func percent(_ value: Double?, key: String) throws(ConfigError) -> Double? {
        guard let value else { return nil }
        guard value.isFinite, value > 0, value < 100 else {
            throw fail(key, "must be a percentage greater than 0 and less than 100, such as 99.9")
        }
        return value
    }

    private func pair(
        factor: Double?, long: String?, short: String?, speed: String, defaults: (String, String, String),
        period: Duration
    ) throws(ConfigError) -> BurnRatePair {
        let factorKey = "sla.\(speed)_burn_rate"
        let factor = factor ?? Double(defaults.0) ?? 1
        guard factor.isFinite, factor > 0 else { throw fail(factorKey, "must be a number greater than zero") }
        let longWindow = try duration(long, key: "sla.\(speed)_long_window", default: defaults.1)
        let shortWindow = try duration(short, key: "sla.\(speed)_short_window", default: defaults.2)
        guard shortWindow < longWindow else {
            throw fail("sla.\(speed)_short_window", "must be shorter than sla.\(speed)_long_window")
        }
        guard longWindow <= period else {
            throw fail("sla.\(speed)_long_window", "must not be longer than sla.period")
        }
        return BurnRatePair(factor: factor, longWindow: longWindow, shortWindow: shortWindow)
    }
}
