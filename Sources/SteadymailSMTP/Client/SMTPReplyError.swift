/// Why a server's reply could not be parsed.
///
/// It exists so that every hostile or broken reply ends the session with a named, bounded failure instead of
/// unbounded buffering or a guess.
public enum SMTPReplyError: Error, Equatable, Sendable, CustomStringConvertible {
    case lineTooLong(limit: Int)
    case tooManyLines(limit: Int)
    case malformedCode
    case inconsistentCodes

    public var description: String {
        switch self {
        case .lineTooLong(let limit): return "reply line longer than \(limit) octets"
        case .tooManyLines(let limit): return "reply with more than \(limit) lines"
        case .malformedCode: return "malformed reply code"
        case .inconsistentCodes: return "reply code changes between continuation lines"
        }
    }
}
