/// Why a draft cannot become a message. Each case names the offending part so that an API can answer 400 with it.
public enum CompositionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A header name that is empty or has characters outside printable ASCII, a colon, or white space.
    case invalidHeaderName(String)
    /// A header value with CR, LF or another control character (header injection).
    case invalidHeaderValue(name: String)
    /// A header Steadymail writes itself (From, To, Subject, MIME structure, ...), given as an extra header.
    case reservedHeader(String)
    /// Neither a text nor an HTML body.
    case noBody
    /// A display name, subject or filename with CR, LF or another control character.
    case controlCharacter(field: String)
    /// An attachment content type that is not `type/subtype`.
    case invalidContentType(String)
    /// A header value word too long to fold within 998 octets per line.
    case headerTooLong(name: String)

    public var description: String {
        switch self {
        case .invalidHeaderName(let name): "header name \"\(name)\" is not a valid field name"
        case .invalidHeaderValue(let name): "header \(name) contains CR, LF or another control character"
        case .reservedHeader(let name): "header \(name) is set by Steadymail and cannot be given"
        case .noBody: "a message needs text or html"
        case .controlCharacter(let field): "\(field) contains CR, LF or another control character"
        case .invalidContentType(let type): "content type \"\(type)\" is not type/subtype"
        case .headerTooLong(let name): "header \(name) has a word longer than a line may be"
        }
    }
}
