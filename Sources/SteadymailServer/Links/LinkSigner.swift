import Crypto
import Foundation

/// Signs and checks the tokens of links that recipients follow (confirming a subscription now; unsubscribing and
/// tracking later): `base64url(payload).base64url(HMAC-SHA256(payload))`, the payload a small JSON object with the
/// link's purpose, the ids it is about and its expiry.
///
/// It exists so that a public URL can carry ids without a table of issued tokens, while nobody without the node's
/// signing key can make, alter or reuse one: the MAC covers the purpose (a confirmation token is no unsubscribe
/// token), the ids and the expiry, and is checked in constant time.
public struct LinkSigner: Sendable {
    /// What a link does; a token is valid for its own purpose only. Open-ended (issue 9 adds unsubscribing and
    /// tracking), so that a token of a purpose this node does not serve is refused as such rather than unreadable.
    public struct Purpose: RawRepresentable, Hashable, Sendable, Codable {
        public var rawValue: String

        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// Confirms a double opt-in subscription: the ids are the subscriber's and the list's.
        public static let confirm = Purpose(rawValue: "confirm")

        /// Unsubscribes the recipient of a campaign message: the ids are the campaign's and the subscriber's.
        public static let unsubscribe = Purpose(rawValue: "unsubscribe")

        /// Counts an open of a campaign message (its pixel): the ids are the campaign's and the subscriber's.
        public static let open = Purpose(rawValue: "open")

        /// Counts a click in a campaign message and redirects to the stored link: the ids are the campaign's, the
        /// subscriber's and the link's (`campaign_links.id`).
        public static let click = Purpose(rawValue: "click")
    }

    /// What a valid token says.
    public struct Claims: Sendable, Equatable, Codable {
        public var purpose: Purpose
        public var ids: [Int64]
        /// Seconds since 1970.
        public var expires: Int64

        public init(purpose: Purpose, ids: [Int64], expires: Int64) {
            self.purpose = purpose
            self.ids = ids
            self.expires = expires
        }

        enum CodingKeys: String, CodingKey {
            case purpose = "p"
            case ids = "i"
            case expires = "e"
        }
    }

    /// Why a token is refused.
    public enum Refusal: Error, Equatable, Sendable {
        case malformed, badSignature, wrongPurpose, expired
    }

    /// The longest token checked; anything longer is refused unread.
    static let maximumLength = 512

    private let key: SymmetricKey

    public init(key: [UInt8]) {
        self.key = SymmetricKey(data: key)
    }

    public func token(_ purpose: Purpose, ids: [Int64], expires: Date) -> String {
        let payload = Self.payload(purpose, ids: ids, expires: Int64(expires.timeIntervalSince1970.rounded(.up)))
        return Base64URL.encode(payload) + "." + Base64URL.encode(mac(payload))
    }

    /// The claims as compact JSON with sorted keys, `{"e":…,"i":[…],"p":"…"}`, written directly: a campaign signs
    /// several tokens per message, and an encoder per token was a large part of the runner's time. `verify` reads it
    /// with a JSON decoder, so any JSON spelling of the claims verifies.
    static func payload(_ purpose: Purpose, ids: [Int64], expires: Int64) -> [UInt8] {
        var json = "{\"e\":\(expires),\"i\":[" + ids.map(String.init).joined(separator: ",") + "],\"p\":\""
        for scalar in purpose.rawValue.unicodeScalars {
            switch scalar {
            case "\"": json += "\\\""
            case "\\": json += "\\\\"
            case _ where scalar.value < 0x20: json += String(format: "\\u%04x", scalar.value)
            default: json.unicodeScalars.append(scalar)
            }
        }
        json += "\"}"
        return Array(json.utf8)
    }

    /// The MAC of a payload under this key.
    func mac(_ payload: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: payload, using: key))
    }

    /// The claims of a token made by this key for `purpose` and not expired at `now`.
    public func verify(_ token: String, purpose: Purpose, now: Date) throws(Refusal) -> Claims {
        guard token.utf8.count <= Self.maximumLength else { throw .malformed }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Base64URL.decode(parts[0]),
            let mac = Base64URL.decode(parts[1])
        else { throw .malformed }
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: payload, using: key) else {
            throw .badSignature
        }
        guard let claims = try? JSONDecoder().decode(Claims.self, from: Data(payload)) else { throw .malformed }
        guard claims.purpose == purpose else { throw .wrongPurpose }
        guard Double(claims.expires) > now.timeIntervalSince1970 else { throw .expired }
        return claims
    }
}
