import Foundation
import Logging
import NIOSSL
import SteadymailDomain
import SteadymailSMTP

/// What every SMTP session of one listener shares: the protocol policy, intake, credentials, limits and TLS.
///
/// It exists so a session handler is built from one value, and so the listener decides once what sessions may do.
public struct SMTPSessionServices: Sendable {
    public var policy: SMTPServerPolicy
    public var pipeline: IntakePipeline
    public var credentials: Credentials
    public var authLimiter: AuthFailureLimiter
    public var tlsContext: NIOSSLContext?
    public var relayNetworks: [IPNetwork]
    public var idleTimeout: Duration
    public var logger: Logger

    public init(
        policy: SMTPServerPolicy, pipeline: IntakePipeline, credentials: Credentials, authLimiter: AuthFailureLimiter,
        tlsContext: NIOSSLContext?, relayNetworks: [IPNetwork], idleTimeout: Duration, logger: Logger
    ) {
        self.policy = policy
        self.pipeline = pipeline
        self.credentials = credentials
        self.authLimiter = authLimiter
        self.tlsContext = tlsContext
        self.relayNetworks = relayNetworks
        self.idleTimeout = idleTimeout
        self.logger = logger
    }

    /// True when `address` may relay without AUTH.
    public func isTrusted(_ address: String) -> Bool {
        relayNetworks.contains { $0.contains(address) }
    }
}

/// The SMTP AUTH users of a node: user name to scrypt hash.
public struct Credentials: Sendable {
    let hashes: [String: String]

    public init(_ hashes: [String: String]) {
        self.hashes = hashes
    }

    public var isEmpty: Bool { hashes.isEmpty }

    /// Verifies a password. Unknown users cost the same scrypt work as known ones, so timing does not reveal names.
    public func verify(username: String, password: String) -> Bool {
        guard let hash = hashes[username] else {
            _ = PasswordHasher.verify(password, against: Self.decoyHash)
            return false
        }
        return PasswordHasher.verify(password, against: hash)
    }

    /// A well-formed hash of a random password, verified against when the user name is unknown.
    static let decoyHash: String = (try? PasswordHasher.hash(UUID().uuidString)) ?? ""
}
