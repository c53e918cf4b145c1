/// A refusal of an audience operation, with the field it is about; the API maps it to a status, the CLI prints it.
///
/// It exists so that the control socket and the HTTP API refuse the same inputs with the same words.
public enum AudienceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A field is missing or malformed (HTTP 400).
    case invalid(field: String, message: String)
    /// A list or subscriber named in the path or the command does not exist (HTTP 404).
    case notFound(String)
    /// A list or subscriber of that name already exists (HTTP 409).
    case conflict(String)
    /// Well-formed but not possible: a list named in the body is unknown, the address is suppressed (HTTP 422).
    case unprocessable(field: String, message: String)
    /// The node is not set up for it (no public URL for double opt-in links; no running server).
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalid(let field, let message), .unprocessable(let field, let message): "\(field): \(message)"
        case .notFound(let message), .conflict(let message), .unavailable(let message): message
        }
    }
}
