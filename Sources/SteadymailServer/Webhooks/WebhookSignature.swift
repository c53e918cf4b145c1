import Crypto

/// The `X-Steadymail-Signature` of a webhook request: `v1=` and the lowercase hex HMAC-SHA256, keyed with the UTF-8
/// bytes of the webhook's secret, of the timestamp header's value, a dot, and the exact body bytes.
///
/// It exists so that a receiver can tell Steadymail's requests from forgeries (only the two of them know the secret)
/// and refuse replays (the timestamp is signed, so an old request cannot be sent again with a fresh one). The `v1=`
/// prefix leaves room for another scheme later. docs/webhooks.md shows how to verify it.
enum WebhookSignature {
    static func header(secret: String, timestamp: Int64, body: [UInt8]) -> String {
        let key = SymmetricKey(data: Array(secret.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Array("\(timestamp).".utf8) + body, using: key)
        let hexDigits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for byte in code {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0f)])
        }
        return "v1=" + String(decoding: hex, as: UTF8.self)
    }
}
