/// What the control channel may ask of the running relay pool: its state, and pausing or resuming one relay.
///
/// It exists so the control handler does not depend on the delivery layer's types, and the CLI's offline path can
/// simply have none.
public protocol RelayControl: Sendable {
    func snapshot() async -> [RelayView]
    /// Pauses (drains) or resumes a relay; false when no relay has that name.
    func setPaused(_ name: String, paused: Bool) async -> Bool
}
