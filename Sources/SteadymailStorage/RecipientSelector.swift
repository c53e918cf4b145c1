import SteadymailDomain

/// Which recipients an operator's queue operation (`steadymail queue hold|release|delete|retry`) acts on.
///
/// It exists so that every operation and every backend understands a selection the same way: each field that is set
/// must match, and a selector with no field set selects every recipient. The operations themselves decide which
/// states they touch; the command line and the control channel refuse an empty selector for hold, release and delete.
public struct RecipientSelector: Sendable, Equatable {
    /// Only the recipients of this message.
    public var messageID: QueueID?
    /// Only recipients whose address ends in `@domain`, compared without regard to case.
    public var domain: String?
    /// Only messages with exactly this envelope sender (empty for the null sender `<>`), compared without regard to
    /// ASCII case.
    public var sender: String?
    /// Only messages carrying this tag, compared without regard to case.
    public var tag: String?
    /// Only recipients whose last delivery attempt was on this relay (by its configured name).
    public var relay: String?

    public init(
        messageID: QueueID? = nil, domain: String? = nil, sender: String? = nil, tag: String? = nil,
        relay: String? = nil
    ) {
        self.messageID = messageID
        self.domain = domain
        self.sender = sender
        self.tag = tag
        self.relay = relay
    }

    /// True when no field is set: the selector matches every recipient.
    public var isEmpty: Bool {
        messageID == nil && domain == nil && sender == nil && tag == nil && relay == nil
    }
}

extension RecipientSelector: CustomStringConvertible {
    /// The set fields as `key=value` pairs, for log lines: `domain=example.org tag=news`, or `all`.
    public var description: String {
        let pairs: [(String, String?)] = [
            ("id", messageID?.rawValue), ("domain", domain), ("sender", sender.map { "<\($0)>" }), ("tag", tag),
            ("relay", relay),
        ]
        let set = pairs.compactMap { key, value in value.map { "\(key)=\($0)" } }
        return set.isEmpty ? "all" : set.joined(separator: " ")
    }
}
