import Crypto
import Foundation
import SteadymailDomain

/// Verifies a Mailgun webhook: the hex HMAC-SHA256, with the webhook signing key, of `timestamp + token`, compared in
/// constant time; the timestamp within `feedback.webhook_max_age`; and the token never seen before in that time.
///
/// It exists because Mailgun's signature does not cover the body: what stops a captured request from being replayed
/// is the freshness of the timestamp and the memory of tokens used.
struct MailgunSignature: Sendable {
    let key: SymmetricKey
    let maxAge: Duration
    let tokens: ReplayMemory

    init(signingKey: String, maxAge: Duration, tokens: ReplayMemory = ReplayMemory()) {
        self.key = SymmetricKey(data: Data(signingKey.utf8))
        self.maxAge = maxAge
        self.tokens = tokens
    }

    /// Checks `webhook` and claims its token; the caller releases the token when it could not store the event, so that
    /// Mailgun's retry is accepted.
    func check(_ webhook: MailgunWebhook, now: Date) async throws(APIError) {
        guard let mac = Self.bytes(hex: webhook.signature),
            HMAC<SHA256>.isValidAuthenticationCode(
                mac, authenticating: Data((webhook.timestamp + webhook.token).utf8), using: key)
        else {
            throw APIError(.unauthorized, code: "invalid_signature", message: "the signature does not verify")
        }
        guard let seconds = Double(webhook.timestamp), seconds.isFinite else {
            throw APIError(.unauthorized, code: "invalid_signature", message: "signature.timestamp is not a number")
        }
        try WebhookFreshness.check(Date(timeIntervalSince1970: seconds), now: now, maxAge: maxAge)
        let expiry = now.addingTimeInterval(Double(maxAge.components.seconds) * 2 + 1)
        guard await tokens.claim(webhook.token, until: expiry, now: now) else {
            throw APIError(.unauthorized, code: "replayed", message: "this signature token was used before")
        }
    }

    /// The bytes of a hex string, or nil when it is not one.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count.isMultiple(of: 2), !digits.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = Self.nibble(digits[index]), let low = Self.nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
