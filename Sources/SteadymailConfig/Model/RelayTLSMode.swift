/// How a connection to a relay is secured.
///
/// It exists to make the four policies explicit: `starttls` upgrades opportunistically, `starttls-required` refuses to
/// send in clear text, `implicit` speaks TLS from the first byte (port 465), `none` never encrypts.
public enum RelayTLSMode: String, Sendable, CaseIterable {
    case none
    case starttls
    case starttlsRequired = "starttls-required"
    case implicit
}
