/// Who may authenticate to the SMTP intake and how failed attempts are throttled.
///
/// It exists to keep the AUTH accounts and the brute-force limits together, as the `smtp.auth:` section does.
public struct AuthConfiguration: Sendable, Equatable {
    public var users: [AuthUser]
    /// Failed AUTH attempts per client IP within ``failureWindow`` before refusal.
    public var maxFailures: Int
    public var failureWindow: Duration
}

/// One SMTP AUTH account.
///
/// It exists so that the password hash, whether written in the file or taken from an environment variable, arrives as a
/// plain value.
public struct AuthUser: Sendable, Equatable, CustomStringConvertible {
    public var username: String
    /// An `$scrypt$...` hash as printed by `steadymail hash-password`.
    public var passwordHash: String

    /// Names the user but never prints the hash.
    public var description: String { "AuthUser(\(username))" }
}
