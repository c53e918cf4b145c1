/// What the control channel may ask of the running destination limits: their state.
///
/// It exists so the control handler does not depend on the delivery layer's types, and the CLI's offline path can
/// simply have none.
public protocol DestinationControl: Sendable {
    func snapshot() async -> [DestinationView]
}
