import Crypto
import Foundation
import HTTPTypes
import SteadymailConfig

/// Checks the HTTP Basic credentials Postmark's webhook URL carries (Postmark does not sign its webhooks) against
/// `feedback.postmark.username` and the `steadymail hash-password` hash of the password.
///
/// It exists so that the slow scrypt check runs once: the SHA-256 of an `Authorization` value that verified is kept,
/// and the same value later is accepted by comparing digests, so a stream of webhooks does not cost a key derivation
/// each, and a wrong password still costs an attacker a full derivation per guess.
actor PostmarkCredentials {
    private let username: String
    private let passwordHash: String
    private var accepted: SHA256Digest?

    init(_ configuration: FeedbackConfiguration.Postmark) {
        self.username = configuration.username
        self.passwordHash = configuration.passwordHash
    }

    func check(authorization: String?) throws(APIError) {
        let refusal = APIError(
            .unauthorized, code: "unauthorized", message: "valid basic-auth credentials are required",
            headers: [.wwwAuthenticate: "Basic realm=\"steadymail feedback\""])
        guard let authorization else { throw refusal }
        let digest = SHA256.hash(data: Data(authorization.utf8))
        if let accepted, accepted == digest { return }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1].trimmingCharacters(in: .whitespaces))),
            let pair = String(data: decoded, encoding: .utf8), let colon = pair.firstIndex(of: ":")
        else { throw refusal }
        let user = String(pair[..<colon])
        let password = String(pair[pair.index(after: colon)...])
        let passwordMatches = PasswordHasher.verify(password, against: passwordHash)
        guard passwordMatches, SHA256.hash(data: Data(user.utf8)) == SHA256.hash(data: Data(username.utf8)) else {
            throw refusal
        }
        accepted = digest
    }
}
