/// The four words the status page uses for a relay, a monitor or the whole service.
///
/// It exists so that internal states (circuit `closed`/`open`/`half-open`/`down`, operator pause, monitor `up`/`down`)
/// are translated for the public in one place, and the page never shows a word that only makes sense inside.
public enum StatusState: String, Sendable, Equatable, Encodable, CaseIterable {
    case operational
    case degraded
    case down
    case maintenance

    /// A relay from its pool state (`RelayView.state`) and pace: paused by an operator is maintenance; a circuit
    /// held down by a monitor or opened by delivery failures is down; a half-open trial or a throttled pace is
    /// degraded; a closed circuit is operational.
    public static func relay(state: String, pace: String) -> StatusState {
        switch state {
        case "paused": .maintenance
        case "down", "open": .down
        case "half-open": .degraded
        default: pace == "throttled" ? .degraded : .operational
        }
    }

    /// A monitor from its health: down is down; up but failing again, not yet down, is degraded; up, or no verdict
    /// yet (nothing known against it), is operational.
    public static func monitor(state: String, consecutiveFailures: Int) -> StatusState {
        switch state {
        case "down": .down
        default: consecutiveFailures > 0 ? .degraded : .operational
        }
    }

    /// The whole service: down when relays exist and every one is down (no mail can leave); operational when every
    /// relay and monitor is; maintenance when everything not operational is in maintenance; degraded otherwise.
    public static func overall(relays: [StatusState], monitors: [StatusState]) -> StatusState {
        if !relays.isEmpty, relays.allSatisfy({ $0 == .down }) { return .down }
        let troubled = (relays + monitors).filter { $0 != .operational }
        if troubled.isEmpty { return .operational }
        return troubled.allSatisfy { $0 == .maintenance } ? .maintenance : .degraded
    }
}
