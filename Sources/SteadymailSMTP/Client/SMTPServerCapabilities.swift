/// What a relay offered in its EHLO reply.
///
/// It exists so that every decision that depends on an extension (PIPELINING, SIZE, 8BITMIME, SMTPUTF8, STARTTLS,
/// AUTH) reads one parsed value, and so that the I/O layer can log what the relay supports. After HELO, or after
/// STARTTLS before the new EHLO reply, it is empty.
public struct SMTPServerCapabilities: Equatable, Sendable {
    public var pipelining = false
    /// The SIZE limit in octets: nil when SIZE is not offered, 0 when offered without a fixed limit (RFC 1870).
    public var size: Int?
    public var eightBitMIME = false
    public var smtputf8 = false
    public var startTLS = false
    /// SASL mechanism names, uppercased.
    public var authMechanisms: [String] = []
    public var enhancedStatusCodes = false

    public init() {}

    /// The extensions in an EHLO reply; the first line is the server's name and is skipped.
    public init(ehloReply: SMTPClientReply) {
        for line in ehloReply.lines.dropFirst() {
            let words = line.asciiUppercased.split(separator: " ")
            guard let keyword = words.first else { continue }
            let parameters = words.dropFirst().map(String.init)
            switch keyword {
            case "PIPELINING": pipelining = true
            case "SIZE": size = parameters.first.flatMap { Int($0) }.map { max($0, 0) } ?? 0
            case "8BITMIME": eightBitMIME = true
            case "SMTPUTF8": smtputf8 = true
            case "STARTTLS": startTLS = true
            case "ENHANCEDSTATUSCODES": enhancedStatusCodes = true
            case "AUTH": authMechanisms += parameters
            default:
                if keyword.hasPrefix("AUTH=") { authMechanisms += [String(keyword.dropFirst(5))] + parameters }
            }
        }
    }
}
