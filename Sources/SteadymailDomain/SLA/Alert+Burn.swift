import Foundation

/// The burn-rate alerts of relay SLAs and delivery objectives, with their recoveries.
///
/// They exist next to the other conditions of `Alert+Conditions.swift` so that a burn alert and its recovery share
/// one key per subject and speed ("sla:primary:fast", "objective:bulk:slow"); fast burns are critical, slow ones
/// warnings.
extension Alert {
    /// The key of a relay's SLA burn alerts of one speed.
    public static func slaBurnKey(_ relay: String, _ speed: BurnSpeed) -> String { "sla:\(relay):\(speed.rawValue)" }
    /// The key of a priority class's objective burn alerts of one speed.
    public static func objectiveBurnKey(_ priority: Priority, _ speed: BurnSpeed) -> String {
        "objective:\(priority.rawValue):\(speed.rawValue)"
    }

    public static func slaBurn(
        relay: String, sla: Double, speed: BurnSpeed, pair: BurnRatePair, longBurn: Double, shortBurn: Double,
        at time: Date
    ) -> Alert {
        Alert(
            kind: .slaBurn, key: slaBurnKey(relay, speed), subject: relay, severity: severity(speed),
            summary: "relay \(relay) burns its \(formatPercent(sla)) % SLA budget \(formatRate(longBurn))x too fast",
            details: burnDetails(pair, longBurn: longBurn, shortBurn: shortBurn, speed: speed), time: time)
    }

    public static func slaBurnRecovered(relay: String, speed: BurnSpeed, at time: Date) -> Alert {
        Alert(
            kind: .slaBurnRecovered, key: slaBurnKey(relay, speed), subject: relay, severity: .info,
            summary: "relay \(relay) no longer burns its SLA budget too fast (\(speed.rawValue) burn)",
            details: "the burn rate is under the factor again", time: time)
    }

    public static func objectiveBurn(
        objective: DeliveryObjective, speed: BurnSpeed, pair: BurnRatePair, longBurn: Double, shortBurn: Double,
        at time: Date
    ) -> Alert {
        let priority = objective.priority.rawValue
        return Alert(
            kind: .objectiveBurn, key: objectiveBurnKey(objective.priority, speed), subject: priority,
            severity: severity(speed),
            summary:
                "\(priority) mail misses its objective (\(formatPercent(objective.ratio)) % within "
                + "\(formatAge(TimeInterval(objective.target.components.seconds)))) \(formatRate(longBurn))x too fast",
            details: burnDetails(pair, longBurn: longBurn, shortBurn: shortBurn, speed: speed), time: time)
    }

    public static func objectiveBurnRecovered(priority: Priority, speed: BurnSpeed, at time: Date) -> Alert {
        Alert(
            kind: .objectiveBurnRecovered, key: objectiveBurnKey(priority, speed), subject: priority.rawValue,
            severity: .info,
            summary: "\(priority.rawValue) mail no longer misses its objective too fast (\(speed.rawValue) burn)",
            details: "the burn rate is under the factor again", time: time)
    }

    private static func severity(_ speed: BurnSpeed) -> AlertSeverity {
        speed == .fast ? .critical : .warning
    }

    private static func burnDetails(_ pair: BurnRatePair, longBurn: Double, shortBurn: Double, speed: BurnSpeed)
        -> String
    {
        let long = formatAge(TimeInterval(pair.longWindow.components.seconds))
        let short = formatAge(TimeInterval(pair.shortWindow.components.seconds))
        return "\(speed.rawValue) burn: \(formatRate(longBurn))x over \(long) and \(formatRate(shortBurn))x over "
            + "\(short), over the factor \(formatRate(pair.factor))"
    }

    static func formatRate(_ value: Double) -> String { String(format: "%.1f", value) }

    static func formatPercent(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%g", value)
    }
}
