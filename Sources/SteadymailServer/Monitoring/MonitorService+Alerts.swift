import Foundation
import SteadymailDomain

/// Which alerts monitor verdicts and relay state changes raise. Deduplication and repeats are the dispatcher's
/// business (`AlertThrottle`).
extension MonitorService {
    /// Alerts that follow a monitor's up/down transitions. Certificate, disk and queue-age monitors announce their own
    /// condition instead (see `resultAlerts`).
    func transitionAlerts(_ entry: Entry, _ transition: MonitorTransition, _ result: ProbeResult) async {
        guard let alerts else { return }
        let name = entry.definition.name
        switch entry.definition.kind {
        case .tlsCert, .disk, .oldestDeferred:
            return
        default:
            if transition.to == .down {
                alerts.fire(Alert.monitorDown(name, cause: result.message, at: result.at))
            } else if transition.from == .down {
                alerts.recover(Alert.monitorUp(name, message: result.message, at: result.at))
            }
        }
    }

    /// Alerts that follow every result of a condition monitor: a certificate close to expiry (a warning as soon as it
    /// is under `warn_days`, critical once the monitor is down), free disk space and the age of the oldest waiting
    /// recipient over their thresholds. Repeats of a lasting condition are left to the dispatcher's repeat interval.
    func resultAlerts(_ entry: Entry, _ result: ProbeResult) async {
        guard let alerts else { return }
        let definition = entry.definition
        let failing = result.verdict == .down && entry.health.status == .down
        switch definition.kind {
        case .tlsCert:
            let target = "\(definition.host ?? "?"):\(definition.port ?? 443)"
            guard let days = result.value else { return }
            if result.verdict == .up {
                alerts.recover(
                    Alert.certificateRenewed(monitor: definition.name, target: target, daysLeft: days, at: result.at))
            } else if result.verdict == .warn || failing {
                alerts.fire(
                    Alert.certificateExpiry(
                        monitor: definition.name, target: target, daysLeft: days, critical: failing, at: result.at))
            }
        case .disk:
            guard let free = result.value else { return }
            let threshold = Int64(definition.threshold ?? 0)
            if failing {
                alerts.fire(
                    Alert.diskLow(freeBytes: Int64(free), threshold: threshold, path: dataDir, at: result.at))
            } else if result.verdict != .down {
                alerts.recover(Alert.diskRecovered(freeBytes: Int64(free), path: dataDir, at: result.at))
            }
        case .oldestDeferred:
            let age = result.value ?? 0
            if failing {
                alerts.fire(
                    Alert.oldestDeferred(age: age, threshold: definition.threshold ?? 0, at: result.at))
            } else if result.verdict != .down {
                alerts.recover(Alert.oldestDeferredCleared(age: age, at: result.at))
            }
        default:
            return
        }
    }

    /// A relay's circuit opened on delivery failures, or the relay came back (`RelayStateChange.alert`).
    func relayChanged(_ change: RelayStateChange) async {
        guard let alerts, let alert = change.alert else { return }
        if alert.isRecovery {
            alerts.recover(alert, now: change.at)
        } else {
            alerts.fire(alert, now: change.at)
        }
    }
}
