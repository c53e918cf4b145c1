import Foundation
import SteadymailDomain
import SteadymailStorage

/// A message intake has checked and rewritten but not yet stored: what `IntakePipeline.commit` makes durable.
///
/// It exists so that a front door can learn what will be stored (the queue id, the final bytes and their Message-ID)
/// before the commit, and attach to it what must be stored in the same transaction, such as the HTTP API's
/// idempotency record; and so that several messages (an API batch) can be committed together.
public struct PreparedIntake: Sendable {
    public var id: QueueID
    /// The part for the outbound queue; nil when every recipient is in a local domain.
    public var outbound: NewMessage?
    /// Recipients in local domains, handed to the `LocalMailConsumer` after the commit.
    public var localRecipients: [String]
    public var sender: String
    /// The rewritten message (with Received, and Message-ID and Date when they were missing).
    public var content: [UInt8]
    public var origin: String
    /// The front door it came through, counted as accepted once committed.
    public var interface: IntakeInterface

    /// The Message-ID of the rewritten message without its angle brackets; nil when it has none.
    public var messageID: String? {
        guard let field = HeaderSummary.parse(content).first(where: { $0.name == "Message-ID" }) else { return nil }
        var value = Substring(field.value)
        if value.hasPrefix("<") { value = value.dropFirst() }
        if value.hasSuffix(">") { value = value.dropLast() }
        return String(value)
    }
}
