/// How the client secures its connection to a relay.
///
/// It exists so that "TLS is required" is a configured promise the state machine keeps: with `required`, a relay
/// that does not offer STARTTLS, or refuses it, ends the session before any envelope is sent in plaintext.
public enum SMTPClientTLSMode: Equatable, Sendable {
    /// Plaintext only; STARTTLS is never attempted.
    case none
    /// STARTTLS when the relay offers it, else plaintext (but never AUTH in plaintext).
    case opportunistic
    /// STARTTLS, or no session at all.
    case required
    /// TLS from the first byte (port 465); `connected()` is called after the handshake.
    case implicit
}
