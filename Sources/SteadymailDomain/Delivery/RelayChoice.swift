/// The outcome of choosing a relay for one SMTP transaction.
///
/// It exists because "wait for a busy relay" and "no relay can serve this" lead to different actions: the first keeps
/// the recipient claimed and retries shortly, the second defers it without spending an attempt.
public enum RelayChoice: Sendable, Hashable {
    case relay(String)
    /// The relays that should serve this are busy; do not spill to a lower-priority group.
    case wait
    /// Every eligible relay is unavailable (or already tried).
    case noneAvailable
}
