/// How long finished mail is kept, and how the retention pass that removes it paces itself.
///
/// It exists so that the database of a busy node stays flat: bodies and history of mail whose recipients are all
/// final (delivered, bounced or expired) are removed after a while, in short transactions that never hold intake up
/// for long, and the freed space is given back to the file system.
public struct RetentionConfiguration: Sendable, Equatable {
    /// How long after its last recipient became final a message keeps its body.
    public var bodies: Duration
    /// How long after its last recipient became final a message, its recipients and its events are kept.
    public var events: Duration
    /// Time between two retention passes.
    public var interval: Duration
    /// Messages pruned per transaction.
    public var batch: Int
    /// Pages of free space given back to the file system per pass.
    public var vacuumPages: Int

    public init(bodies: Duration, events: Duration, interval: Duration, batch: Int, vacuumPages: Int) {
        self.bodies = bodies
        self.events = events
        self.interval = interval
        self.batch = batch
        self.vacuumPages = vacuumPages
    }
}
