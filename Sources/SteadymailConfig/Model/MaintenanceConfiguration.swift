/// How maintenance windows act on the running node.
///
/// It exists so that the drain lead-in before a window and the pace at which the node notices windows beginning and
/// ending are configuration keys, applied at once on reload.
public struct MaintenanceConfiguration: Sendable, Equatable {
    /// How long before a relay's window starts it stops taking new transactions.
    public var drainBefore: Duration
    /// How often the maintenance service re-evaluates the windows.
    public var checkInterval: Duration

    public init(drainBefore: Duration, checkInterval: Duration) {
        self.drainBefore = drainBefore
        self.checkInterval = checkInterval
    }

    public static let defaults = MaintenanceConfiguration(drainBefore: .seconds(300), checkInterval: .seconds(5))
}
