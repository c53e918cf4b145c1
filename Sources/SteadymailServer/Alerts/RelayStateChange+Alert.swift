import SteadymailDomain

extension RelayStateChange {
    /// The alert this change of a relay's health raises: the relay leaving the rotation (`open`, or `down` by a
    /// monitor) or coming back (`closed`); nil for `half-open`, a trial that says nothing yet. A relay whose trial fails
    /// opens again under the same key, which the throttle treats as the same lasting condition.
    var alert: Alert? {
        switch to {
        case "open", "down": Alert.circuitOpen(relay, cause: cause, at: at)
        case "closed": Alert.circuitClosed(relay, at: at)
        default: nil
        }
    }
}

extension AlertDispatcher {
    /// Raises the alert of every relay state change until `changes` ends: the circuit alerts of the relay pool.
    func follow(_ changes: AsyncStream<RelayStateChange>) async {
        for await change in changes {
            guard let alert = change.alert else { continue }
            fire(alert, now: change.at)
        }
    }
}
