import SteadymailDomain

/// What the client has established so far in the session; reset completely after STARTTLS.
struct SMTPSession: Equatable, Sendable {
    enum Greeting: Equatable, Sendable {
        case helo(String)
        case ehlo(String)

        var name: String {
            switch self {
            case .helo(let name), .ehlo(let name): return name
            }
        }
    }

    var greeting: Greeting?
    var authenticatedUser: String?
    var envelope: SMTPEnvelope?
}

/// The envelope of the transaction being built by MAIL and RCPT.
struct SMTPEnvelope: Equatable, Sendable {
    var reversePath: ReversePath
    var greeting: SMTPSession.Greeting
    var parameters: SMTPMailParameters
    var recipients: [Mailbox] = []
}
