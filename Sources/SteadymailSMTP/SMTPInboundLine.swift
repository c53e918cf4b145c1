import NIOCore

/// One item cut from the inbound byte stream by `SMTPLineFramer`.
///
/// It exists so that the line ending policy (only CRLF ends a line) is decided once, in the framer, and every
/// consumer sees bare CR and LF flagged instead of silently treated as line ends (the root of SMTP smuggling).
public enum SMTPInboundLine: Equatable, Sendable {
    /// A line without its terminating CRLF. `containsBareCROrLF` is true when a CR or LF occurs inside it.
    case line(ByteBuffer, containsBareCROrLF: Bool)
    /// A line longer than the maximum (counted with its CRLF); its bytes were discarded through the next CRLF.
    case overlong
}
