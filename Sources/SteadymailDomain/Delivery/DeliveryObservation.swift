/// What the SMTP client saw when one recipient's delivery did not succeed, with the breadth of the failure.
///
/// It exists to give the failure classifier everything it needs as plain values, independent of the client's state
/// machine and of I/O.
public struct DeliveryObservation: Sendable, Equatable {
    /// How the step failed.
    public enum Kind: Sendable, Equatable {
        /// The server answered; `enhanced` is the RFC 3463 code (`5.1.1`) when the reply carried one.
        case reply(code: Int, enhanced: String?, text: String)
        case connectionRefused
        case connectionReset
        case connectionClosed
        case timeout
        case tlsFailure
        /// The server's bytes were not a valid SMTP reply.
        case protocolError

        /// The case without its associated values, for matching in the classification table.
        public var tag: Tag {
            switch self {
            case .reply: .reply
            case .connectionRefused: .connectionRefused
            case .connectionReset: .connectionReset
            case .connectionClosed: .connectionClosed
            case .timeout: .timeout
            case .tlsFailure: .tlsFailure
            case .protocolError: .protocolError
            }
        }

        /// The cases of `Kind` without associated values.
        public enum Tag: String, Sendable, Hashable, CaseIterable {
            case reply, connectionRefused, connectionReset, connectionClosed, timeout, tlsFailure, protocolError
        }
    }

    public var stage: DeliveryStage
    public var kind: Kind
    /// How many recipients the failed transaction carried.
    public var recipientsInTransaction: Int
    /// Whether every recipient of the transaction got this same reply.
    public var sameReplyForAllRecipients: Bool
    /// How many recipient domains the transaction spanned.
    public var distinctRecipientDomains: Int

    public init(
        stage: DeliveryStage, kind: Kind, recipientsInTransaction: Int = 1, sameReplyForAllRecipients: Bool = true,
        distinctRecipientDomains: Int = 1
    ) {
        self.stage = stage
        self.kind = kind
        self.recipientsInTransaction = recipientsInTransaction
        self.sameReplyForAllRecipients = sameReplyForAllRecipients
        self.distinctRecipientDomains = distinctRecipientDomains
    }

    /// True when the failure hit every recipient of a transaction spanning at least two domains: no single destination
    /// explains it, so the relay does.
    public var isUniformAcrossDomains: Bool {
        sameReplyForAllRecipients && recipientsInTransaction >= 2 && distinctRecipientDomains >= 2
    }
}
