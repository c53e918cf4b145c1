import NIOCore
import SteadymailDomain

/// A complete, accepted SMTP transaction: the envelope, the body and the facts needed for the Received header.
///
/// It exists as the single hand-off from the protocol layer to storage: everything the queue needs, nothing
/// that refers to the connection.
public struct SMTPTransaction: Equatable, Sendable {
    public var reversePath: ReversePath
    public var recipients: [Mailbox]
    /// The message as stored: CRLF line endings, dot-stuffing undone, without the terminating `.CRLF`.
    public var body: ByteBuffer
    public var heloName: String
    public var authenticatedUser: String?
    public var tlsActive: Bool
    /// The RFC 3848 `with` keyword: `SMTP`, `ESMTP`, `ESMTPS`, `ESMTPA` or `ESMTPSA`.
    public var protocolName: String
    public var smtputf8: Bool
    public var bodyType: SMTPBodyType
    public var declaredSize: Int?
    public var clientAddress: String

    public init(
        reversePath: ReversePath, recipients: [Mailbox], body: ByteBuffer, heloName: String,
        authenticatedUser: String?,
        tlsActive: Bool, protocolName: String, smtputf8: Bool, bodyType: SMTPBodyType,
        declaredSize: Int?,
        clientAddress: String
    ) {
        self.reversePath = reversePath
        self.recipients = recipients
        self.body = body
        self.heloName = heloName
        self.authenticatedUser = authenticatedUser
        self.tlsActive = tlsActive
        self.protocolName = protocolName
        self.smtputf8 = smtputf8
        self.bodyType = bodyType
        self.declaredSize = declaredSize
        self.clientAddress = clientAddress
    }
}

/// The `BODY=` parameter of MAIL FROM (RFC 6152).
///
/// It exists so that the stored message records whether the client declared 8-bit content.
public enum SMTPBodyType: String, Equatable, Sendable {
    case sevenBit = "7BIT"
    case eightBitMIME = "8BITMIME"
}
