import Foundation

/// The alerts Steadymail raises, one constructor per condition and its recovery.
///
/// They exist so that the deduplication key, the subject and the severity of a condition are decided in one place:
/// a recovery built here carries exactly the key of the condition it ends, which `AlertThrottle` relies on.
extension Alert {
    /// The key of a monitor's down and up alerts.
    public static func monitorKey(_ monitor: String) -> String { "monitor:\(monitor)" }
    /// The key of a relay's circuit alerts.
    public static func circuitKey(_ relay: String) -> String { "circuit:\(relay)" }
    /// The key of a `tls-cert` monitor's expiry alerts.
    public static func certificateKey(_ monitor: String) -> String { "cert:\(monitor)" }
    /// The key of the oldest-deferred alerts; there is one queue per node.
    public static let oldestDeferredKey = "oldest-deferred"
    /// The key of the disk alerts; there is one data directory per node.
    public static let diskKey = "disk"
    /// The subject of the node's own conditions.
    public static let nodeSubject = "node"

    public static func monitorDown(_ monitor: String, cause: String, at time: Date) -> Alert {
        Alert(
            kind: .monitorDown, key: monitorKey(monitor), subject: monitor, severity: .critical,
            summary: "monitor \(monitor) is down: \(cause)", details: cause, time: time)
    }

    public static func monitorUp(_ monitor: String, message: String, at time: Date) -> Alert {
        Alert(
            kind: .monitorUp, key: monitorKey(monitor), subject: monitor, severity: .info,
            summary: "monitor \(monitor) is up again", details: message, time: time)
    }

    public static func circuitOpen(_ relay: String, cause: String?, at time: Date) -> Alert {
        Alert(
            kind: .circuitOpen, key: circuitKey(relay), subject: relay, severity: .critical,
            summary: "relay \(relay) is out of rotation (circuit open)",
            details: cause ?? "consecutive relay-level failures", time: time)
    }

    public static func circuitClosed(_ relay: String, at time: Date) -> Alert {
        Alert(
            kind: .circuitClosed, key: circuitKey(relay), subject: relay, severity: .info,
            summary: "relay \(relay) is back in rotation (circuit closed)", details: "the relay accepted mail again",
            time: time)
    }

    /// `critical` when the days left are under the monitor's failure days, a warning otherwise.
    public static func certificateExpiry(
        monitor: String, target: String, daysLeft: Double, critical: Bool, at time: Date
    ) -> Alert {
        Alert(
            kind: .certificateExpiry, key: certificateKey(monitor), subject: monitor,
            severity: critical ? .critical : .warning,
            summary: "certificate of \(target) expires in \(formatDays(daysLeft))",
            details: "monitor \(monitor): \(formatDays(daysLeft)) left", time: time)
    }

    public static func certificateRenewed(monitor: String, target: String, daysLeft: Double, at time: Date) -> Alert {
        Alert(
            kind: .certificateRenewed, key: certificateKey(monitor), subject: monitor, severity: .info,
            summary: "certificate of \(target) is valid for \(formatDays(daysLeft)) again",
            details: "monitor \(monitor): \(formatDays(daysLeft)) left", time: time)
    }

    public static func oldestDeferred(age: TimeInterval, threshold: TimeInterval, at time: Date) -> Alert {
        Alert(
            kind: .oldestDeferred, key: oldestDeferredKey, subject: nodeSubject, severity: .warning,
            summary: "the oldest waiting recipient is \(formatAge(age)) old",
            details: "over the threshold of \(formatAge(threshold)) (alerts.oldest_deferred)", time: time)
    }

    public static func oldestDeferredCleared(age: TimeInterval, at time: Date) -> Alert {
        Alert(
            kind: .oldestDeferredCleared, key: oldestDeferredKey, subject: nodeSubject, severity: .info,
            summary: "the queue caught up: the oldest waiting recipient is \(formatAge(age)) old",
            details: "under the threshold again", time: time)
    }

    public static func diskLow(freeBytes: Int64, threshold: Int64, path: String, at time: Date) -> Alert {
        Alert(
            kind: .diskLow, key: diskKey, subject: nodeSubject, severity: .critical,
            summary: "free disk space under \(path) is \(formatBytes(freeBytes))",
            details: "under the threshold of \(formatBytes(threshold)) (alerts.disk_low)", time: time)
    }

    public static func diskRecovered(freeBytes: Int64, path: String, at time: Date) -> Alert {
        Alert(
            kind: .diskRecovered, key: diskKey, subject: nodeSubject, severity: .info,
            summary: "free disk space under \(path) is \(formatBytes(freeBytes)) again",
            details: "over the threshold again", time: time)
    }

    // MARK: - Readable quantities, shared with the texts of alert channels

    public static func formatDays(_ days: Double) -> String {
        let whole = Int(days.rounded(.down))
        return whole == 1 ? "1 day" : "\(max(whole, 0)) days"
    }

    public static func formatAge(_ seconds: TimeInterval) -> String {
        let whole = Int(max(seconds, 0).rounded(.down))
        if whole < 120 { return "\(whole) s" }
        if whole < 7200 { return "\(whole / 60) min" }
        return "\(whole / 3600) h \(whole % 3600 / 60) min"
    }

    public static func formatBytes(_ bytes: Int64) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(max(bytes, 0))
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(Int(value)) bytes" : String(format: "%.1f", value) + " " + units[unit]
    }
}
