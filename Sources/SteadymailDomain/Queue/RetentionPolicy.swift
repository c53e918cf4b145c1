import Foundation

/// Which finished mail retention may remove, and what of it.
///
/// It exists so that the rule is stated once, apart from any database: a message is *finished* when every recipient
/// is in a final state, at the moment of the last of those final changes. Its body may go once it has been finished
/// for longer than `bodies`, the whole message (recipients and events included) once finished for longer than
/// `events`. A message with any recipient not final (waiting, deferred, held, in flight) is never touched. Stores
/// select by `bodyCutoff(now:)` and `rowsCutoff(now:)`: "finished before the cutoff" is exactly "finished for longer
/// than the retention".
public struct RetentionPolicy: Sendable, Equatable {
    /// What retention does with one message now.
    public enum Verdict: Sendable, Equatable {
        case keep
        case removeBody
        case removeMessage
    }

    /// How long a finished message keeps its body.
    public var bodies: Duration
    /// How long a finished message keeps its rows: envelope, recipients and events.
    public var events: Duration

    public init(bodies: Duration, events: Duration) {
        self.bodies = bodies
        self.events = events
    }

    /// When a message finished: the latest change among its recipients when all of them are final; nil while any is
    /// not, and for a message without recipients.
    public static func finishedAt(_ recipients: [(state: RecipientState, changedAt: Date)]) -> Date? {
        guard !recipients.isEmpty, recipients.allSatisfy(\.state.isFinal) else { return nil }
        return recipients.map(\.changedAt).max()
    }

    /// Messages finished strictly before this moment may lose their body.
    public func bodyCutoff(now: Date) -> Date { now.addingTimeInterval(-bodies.inSeconds) }

    /// Messages finished strictly before this moment may be deleted with their recipients and events.
    public func rowsCutoff(now: Date) -> Date { now.addingTimeInterval(-events.inSeconds) }

    /// What may be removed of a message that finished at `finishedAt` (nil: not finished).
    public func verdict(finishedAt: Date?, now: Date) -> Verdict {
        guard let finishedAt else { return .keep }
        if finishedAt < rowsCutoff(now: now) { return .removeMessage }
        if finishedAt < bodyCutoff(now: now) { return .removeBody }
        return .keep
    }
}
