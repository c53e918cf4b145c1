/// A username and password for AUTH at a relay.
///
/// It exists so that credentials are one value whose description never shows the password in logs.
public struct SMTPClientCredentials: Equatable, Sendable, CustomStringConvertible {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "\(username):<redacted>" }
}
