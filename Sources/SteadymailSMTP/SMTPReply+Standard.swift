/// The fixed replies of the server, named so that the state machine reads like the RFCs.
extension SMTPReply {
    static func greeting(_ hostname: String) -> SMTPReply {
        SMTPReply(220, nil, "\(hostname) ESMTP Steadymail")
    }
    static func closing(_ hostname: String) -> SMTPReply {
        SMTPReply(221, "2.0.0", "\(hostname) Bye")
    }
    static func shuttingDown(_ hostname: String) -> SMTPReply {
        SMTPReply(421, "4.3.2", "\(hostname) Service shutting down")
    }
    static func idleTimeout(_ hostname: String) -> SMTPReply {
        SMTPReply(421, "4.4.2", "\(hostname) Idle timeout, closing connection")
    }

    static let ok = SMTPReply(250, "2.0.0", "Ok")
    static let senderOk = SMTPReply(250, "2.1.0", "Ok")
    static let recipientOk = SMTPReply(250, "2.1.5", "Ok")
    static let startMailInput = SMTPReply(354, nil, "End data with <CR><LF>.<CR><LF>")
    static let help = SMTPReply(214, "2.0.0", "See RFC 5321")
    static let cannotVerify = SMTPReply(252, "2.5.0", "Cannot VRFY user, but will accept message")
    static let readyToStartTLS = SMTPReply(220, "2.0.0", "Ready to start TLS")
    static let authSucceeded = SMTPReply(235, "2.7.0", "Authentication successful")
    static func saslChallenge(_ text: String) -> SMTPReply { SMTPReply(334, nil, text) }

    static let tooManyErrors = SMTPReply(421, "4.7.0", "Too many errors")
    static let tooMuchInput = SMTPReply(421, "4.7.0", "Too much input without progress")
    static let tooManyAuthFailures = SMTPReply(421, "4.7.0", "Too many authentication failures")
    static let tlsNotAvailable = SMTPReply(454, "4.7.0", "TLS not available")
    static let insufficientStorage = SMTPReply(452, "4.3.1", "Insufficient system storage")
    static let tooManyRecipients = SMTPReply(452, "4.5.3", "Too many recipients")

    static let unknownCommand = SMTPReply(500, "5.5.1", "Command unrecognized")
    static let commandLineTooLong = SMTPReply(500, "5.5.2", "Line too long")
    static let textLineTooLong = SMTPReply(500, "5.5.2", "Line too long")
    static let badCharacters = SMTPReply(
        500, "5.5.2", "Syntax error: bare CR, LF, NUL or invalid UTF-8")
    static let badArgument = SMTPReply(501, "5.5.4", "Syntax error in parameters or arguments")
    static let mailSyntax = SMTPReply(501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]")
    static let rcptSyntax = SMTPReply(501, "5.5.4", "Syntax: RCPT TO:<address>")
    static let badSender = SMTPReply(501, "5.1.7", "Bad sender address syntax")
    static let badRecipient = SMTPReply(501, "5.1.3", "Bad recipient address syntax")
    static let nonASCIIAddress = SMTPReply(553, "5.6.7", "Non-ASCII address requires SMTPUTF8")
    static let malformedSASL = SMTPReply(501, "5.5.2", "Malformed authentication response")
    static let authCancelled = SMTPReply(501, "5.0.0", "Authentication cancelled")
    static let notImplemented = SMTPReply(502, "5.5.1", "Command not implemented")
    static let authNotAvailable = SMTPReply(502, "5.5.1", "Authentication not available")
    static let needGreeting = SMTPReply(503, "5.5.1", "Error: send HELO/EHLO first")
    static let needEHLO = SMTPReply(503, "5.5.1", "Error: send EHLO first")
    static let nestedMail = SMTPReply(503, "5.5.1", "Error: nested MAIL command")
    static let needMail = SMTPReply(503, "5.5.1", "Error: need MAIL command")
    static let alreadyAuthenticated = SMTPReply(503, "5.5.1", "Error: already authenticated")
    static let authInTransaction = SMTPReply(
        503, "5.5.1", "Error: AUTH not permitted during a mail transaction")
    static let unknownMechanism = SMTPReply(504, "5.5.4", "Unrecognized authentication mechanism")
    static let authFailed = SMTPReply(535, "5.7.8", "Authentication credentials invalid")
    static let encryptionRequired = SMTPReply(
        538, "5.7.11", "Encryption required for requested authentication mechanism")
    static let messageTooBig = SMTPReply(552, "5.3.4", "Message size exceeds fixed limit")
    static let noValidRecipients = SMTPReply(554, "5.5.1", "No valid recipients")
    static let relayDenied = SMTPReply(554, "5.7.1", "Relay access denied")
    static let bareLineEnding = SMTPReply(550, "5.6.11", "Bare CR or LF not allowed")
    static let unknownParameter = SMTPReply(555, "5.5.4", "Unsupported parameter")

    static func queued(_ id: String) -> SMTPReply {
        SMTPReply(250, "2.0.0", "Ok: queued as \(printable(id))")
    }
    static func temporaryFailure(_ text: String) -> SMTPReply {
        let cleaned = printable(text)
        return SMTPReply(451, "4.3.0", cleaned.isEmpty ? "Temporary failure" : cleaned)
    }

    static func messageRejected(_ text: String) -> SMTPReply {
        let cleaned = printable(text)
        return SMTPReply(554, "5.6.0", cleaned.isEmpty ? "Message refused" : cleaned)
    }

    /// Replaces control characters so that no text from elsewhere can inject a line into the reply stream.
    private static func printable(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
    }
}
