/// The front door a message came through: the `interface` label of `steadymail_messages_accepted_total`.
///
/// It exists so that intake can be counted per door without parsing the free-form `origin` text: plain SMTP (port
/// 25/587 style, STARTTLS), implicit-TLS submissions, the HTTP API, `steadymail send` over the control socket, and
/// the alert emails Steadymail writes itself.
public enum IntakeInterface: String, Sendable, CaseIterable {
    case smtp
    case submissions
    case api
    case control
    case alerts
}
