import Foundation
import Logging
import NIOSSL
import SteadymailConfig
import SteadymailSMTP

/// Builds the SMTP session services (policy, credentials, TLS context) from the `smtp:` section.
///
/// It exists so that start-up and a configuration reload build them the same way, and report a bad certificate or
/// password hash with its key before anything changes.
enum SMTPIntakeAssembly {
    static func services(
        _ smtp: SMTPConfiguration, pipeline: IntakePipeline, authLimiter: AuthFailureLimiter, logger: Logger
    ) throws -> SMTPSessionServices {
        let tlsContext = try SteadymailApplication.makeTLSContext(smtp.tls)
        for (index, user) in smtp.auth.users.enumerated() where !PasswordHasher.isWellFormed(user.passwordHash) {
            throw ConfigError(
                key: "smtp.auth.users[\(index)].password_hash",
                message: "not a hash printed by `steadymail hash-password`")
        }
        let credentials = Credentials(
            Dictionary(smtp.auth.users.map { ($0.username, $0.passwordHash) }, uniquingKeysWith: { first, _ in first }))
        return SMTPSessionServices(
            policy: SMTPServerPolicy(
                hostname: smtp.hostname, maxMessageSize: smtp.maxMessageSize, maxRecipients: smtp.maxRecipients,
                localDomains: Set(smtp.localDomains), startTLSAvailable: tlsContext != nil,
                authAvailable: !credentials.isEmpty, maxCommandErrors: smtp.maxCommandErrors),
            pipeline: pipeline, credentials: credentials, authLimiter: authLimiter, tlsContext: tlsContext,
            relayNetworks: smtp.relayNetworks, idleTimeout: smtp.idleTimeout, logger: logger)
    }

    static func authLimiter(_ smtp: SMTPConfiguration) -> AuthFailureLimiter {
        AuthFailureLimiter(maxFailures: smtp.auth.maxFailures, window: smtp.auth.failureWindow)
    }
}
