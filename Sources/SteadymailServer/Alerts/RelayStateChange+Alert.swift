import SteadymailDomain

extension RelayStateChange {
    /// The alert this change of a relay's health raises: the circuit opening on delivery failures, or the relay coming
    /// back (`closed`). A relay that a monitor takes `down` raises no circuit alert: that monitor's own `monitor_down`
    /// says it, with the probe's cause. `half-open` (a trial that says nothing yet) raises none either, and a relay
    /// whose trial fails opens again under the same key, which the throttle treats as the same lasting condition.
    var alert: Alert? {
        switch to {
        case "open": Alert.circuitOpen(relay, cause: cause, at: at)
        case "closed": Alert.circuitClosed(relay, at: at)
        default: nil
        }
    }
}
