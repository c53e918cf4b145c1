import NIOCore

/// One message to hand to a relay: the envelope and the content as stored.
///
/// It exists so that the state machine, not its caller, decides the wire form (CRLF normalisation, dot-stuffing,
/// MAIL parameters) from the raw RFC 5322 bytes, which may use bare LF when they came from the API.
public struct SMTPOutboundMessage: Equatable, Sendable {
    /// The reverse path without angle brackets; "" for the null sender `<>`.
    public var sender: String
    /// The forward paths without angle brackets, in the order their replies are reported.
    public var recipients: [String]
    public var content: ByteBuffer
    /// Whether the content has octets above 127; nil to find out by scanning it.
    public var eightBit: Bool?
    /// Whether the envelope or headers need SMTPUTF8; it is also needed when an address is not ASCII.
    public var smtputf8: Bool

    public init(
        sender: String, recipients: [String], content: ByteBuffer, eightBit: Bool? = nil, smtputf8: Bool = false
    ) {
        self.sender = sender
        self.recipients = recipients
        self.content = content
        self.eightBit = eightBit
        self.smtputf8 = smtputf8
    }

    var needsEightBit: Bool { eightBit ?? content.readableBytesView.contains { $0 >= 0x80 } }

    var needsSMTPUTF8: Bool { smtputf8 || ([sender] + recipients).contains { !$0.utf8.allSatisfy { $0 < 0x80 } } }

    /// Whether an address could break out of its command line or angle brackets.
    var hasUnsafeAddress: Bool {
        ([sender] + recipients).contains { address in
            address.utf8.contains { $0 < 0x20 || $0 == 0x7F || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }
        }
    }
}
