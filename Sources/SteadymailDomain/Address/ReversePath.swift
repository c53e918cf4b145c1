/// The sender of an SMTP transaction (`MAIL FROM:`), which may be the null path `<>`.
///
/// It exists because bounces and other automatic replies are sent with the null reverse path, and a plain
/// `Mailbox?` would let "no sender known yet" and "the null sender" be confused.
public enum ReversePath: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The null reverse path `<>`, used for delivery status notifications.
    case null
    /// An ordinary sender mailbox.
    case mailbox(Mailbox)

    /// Parses an RFC 5321 reverse path: `<>` or a path as accepted by `Mailbox.parse(path:allowUTF8:)`.
    public static func parse(path: String, allowUTF8: Bool) throws(AddressError) -> ReversePath {
        if path == "<>" { return .null }
        return .mailbox(try Mailbox.parse(path: path, allowUTF8: allowUTF8))
    }

    /// The path as written in an SMTP command, with angle brackets.
    public var description: String {
        switch self {
        case .null: return "<>"
        case .mailbox(let mailbox): return "<\(mailbox)>"
        }
    }
}
