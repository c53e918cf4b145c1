import Foundation
import SteadymailDomain

/// Monitors added at run time (`steadymail monitor add`, `POST /v1/monitors`).
extension SteadymailConfiguration {
    /// Reads one monitor from a JSON object with the keys of a `monitors:` entry and checks it exactly as the
    /// configuration file's monitors are checked, against this configuration's relays and monitoring defaults. A bad
    /// description is a `ConfigError` naming the key, e.g. `monitor.port`.
    public static func runtimeMonitor(json: String, in configuration: SteadymailConfiguration) throws(ConfigError)
        -> MonitorDefinition
    {
        let trimmed = json.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else {
            throw ConfigError(key: "monitor", message: "must be a JSON object")
        }
        let document = try ConfigDocument(yaml: "monitors: [\(trimmed)]", environment: [:])
        guard let raw = document.raw.monitors?.first else {
            throw ConfigError(key: "monitor", message: "must be a JSON object")
        }
        let monitoring = configuration.monitoring
        let defaults = ConfigResolver.MonitorDefaults(
            interval: monitoring.defaultInterval, timeout: monitoring.defaultTimeout,
            failuresBeforeDown: monitoring.defaultFailuresBeforeDown, canaryDomain: monitoring.canaryDomain,
            minFreeDisk: configuration.smtp.minFreeDisk)
        return try ConfigResolver(document: document, environment: [:]).resolveMonitor(
            raw, key: "monitor", defaults: defaults, relays: configuration.relays)
    }
}
