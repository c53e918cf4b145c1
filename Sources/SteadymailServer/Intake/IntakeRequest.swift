import Foundation
import SteadymailDomain

/// One message handed to intake by any front door (SMTP session, control channel, HTTP API).
public struct IntakeRequest: Sendable {
    /// The queue id to use, when the front door minted it already (the HTTP API writes it into the Message-ID it
    /// composes); intake mints one when nil.
    public var id: QueueID?
    /// The reverse path without brackets; empty for `<>`.
    public var sender: String
    /// Forward paths without brackets.
    public var recipients: [String]
    /// The message as received: CRLF lines, dot-stuffing undone.
    public var content: [UInt8]
    public var trace: IntakeRewriter.Trace
    /// How it arrived, recorded with the message, e.g. `smtp 127.0.0.1`.
    public var origin: String
    /// The front door it came through, for the accepted-messages metric.
    public var interface: IntakeInterface
    public var submitter: String?
    /// An explicit priority from the front door; wins over the `X-Steadymail-Priority` header.
    public var priority: Priority?
    /// An explicit deadline from the front door; wins over the `X-Steadymail-Deliver-By` header.
    public var deliverBy: Date?
    /// Tags given by the front door (already valid, see `MessageTags`); kept before those of `X-Steadymail-Tag`.
    public var tags: [String]
    /// The submitter's key-value pairs, stored with the message.
    public var metadata: [String: String]

    public init(
        id: QueueID? = nil, sender: String, recipients: [String], content: [UInt8], trace: IntakeRewriter.Trace,
        origin: String, interface: IntakeInterface, submitter: String?, priority: Priority? = nil,
        deliverBy: Date? = nil, tags: [String] = [], metadata: [String: String] = [:]
    ) {
        self.id = id
        self.sender = sender
        self.recipients = recipients
        self.content = content
        self.trace = trace
        self.origin = origin
        self.interface = interface
        self.submitter = submitter
        self.priority = priority
        self.deliverBy = deliverBy
        self.tags = tags
        self.metadata = metadata
    }
}

/// Why intake did not take a message, in terms each front door maps to its own replies (SMTP codes, HTTP statuses).
public enum IntakeFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message itself is unacceptable; retrying it unchanged will not help (SMTP 554 5.6.0).
    case rejected(String)
    /// Free disk space is below the configured minimum (SMTP 452 4.3.1).
    case insufficientStorage
    /// Storage failed; nothing was kept; the client should retry (SMTP 451 4.3.0).
    case temporary(String)
    /// Storage refused the batch because it conflicts with what is stored (an idempotency key a concurrent request
    /// holds, a duplicate id); nothing was kept.
    case conflict(String)

    public var description: String {
        switch self {
        case .rejected(let reason): reason
        case .insufficientStorage: "insufficient system storage"
        case .temporary(let reason): reason
        case .conflict(let reason): reason
        }
    }
}
