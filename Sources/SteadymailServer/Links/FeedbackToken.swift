import Crypto
import Foundation

/// Signs and checks the compact tokens that put a campaign and a subscriber into an email address: the VERP return
/// path `bounces+<token>@<feedback.bounce_domain>` and the mailto unsubscribe address
/// `unsubscribe+<token>@<feedback.unsubscribe_domain>`.
///
/// It exists because `LinkSigner`'s tokens are too long and case-sensitive for the local part of an address (at most
/// 64 octets, and MTAs may fold its case). A token is the lowercase base32 (RFC 4648 alphabet, no padding) of one
/// version and purpose byte, the campaign and subscriber ids as varints, and the first 12 bytes of an HMAC-SHA256 over
/// the bytes before it. The MAC key is derived from the link signing key per purpose, so a feedback token is never a
/// valid link token, a bounce token never a valid unsubscribe token, and a token made for one subscriber cannot be
/// edited into another's. Tokens do not expire: a DSN or an unsubscribe mail may come back long after the campaign.
public struct FeedbackToken: Sendable {
    /// What a token is for; the low four bits of its first byte.
    public enum Purpose: UInt8, Sendable, CaseIterable {
        /// The VERP return path: a DSN or an ARF report names the campaign and subscriber it is about.
        case bounce = 1
        /// The mailto unsubscribe address of `List-Unsubscribe`.
        case unsubscribe = 2

        var label: String {
            switch self {
            case .bounce: "bounce"
            case .unsubscribe: "unsubscribe"
            }
        }
    }

    /// What a valid token names.
    public struct Claims: Sendable, Equatable {
        public var campaignID: Int64
        public var subscriberID: Int64

        public init(campaignID: Int64, subscriberID: Int64) {
            self.campaignID = campaignID
            self.subscriberID = subscriberID
        }
    }

    /// Why a token is refused.
    public enum Refusal: Error, Equatable, Sendable {
        case malformed, badSignature, wrongPurpose
    }

    /// The high four bits of the first byte; a token of another version is refused as malformed.
    static let version: UInt8 = 0x10
    /// How many bytes of the HMAC a token keeps: 96 bits, beyond any online guessing.
    static let macLength = 12
    /// The longest token read; any longer is refused unread (a local part holds 64 octets at most).
    static let maximumLength = 64

    private let keys: [Purpose: SymmetricKey]

    /// `linkKey` is the node's link signing key (the same file `LinkSigner` uses).
    public init(linkKey: [UInt8]) {
        let master = SymmetricKey(data: linkKey)
        var keys: [Purpose: SymmetricKey] = [:]
        for purpose in Purpose.allCases {
            let label = Array("steadymail feedback token \(purpose.label)".utf8)
            keys[purpose] = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: label, using: master)))
        }
        self.keys = keys
    }

    /// The token for `purpose` naming the campaign and the subscriber (ids are never negative).
    public func token(_ purpose: Purpose, campaignID: Int64, subscriberID: Int64) -> String {
        var payload: [UInt8] = [Self.version | purpose.rawValue]
        Varint.append(UInt64(max(campaignID, 0)), to: &payload)
        Varint.append(UInt64(max(subscriberID, 0)), to: &payload)
        return Base32.encode(payload + mac(payload, purpose: purpose))
    }

    /// The ids a token made by this key for `purpose` names; the token is read case-insensitively.
    public func verify(_ token: String, purpose: Purpose) throws(Refusal) -> Claims {
        guard token.utf8.count <= Self.maximumLength, let bytes = Base32.decode(token),
            bytes.count > Self.macLength + 2
        else { throw .malformed }
        let payload = Array(bytes.dropLast(Self.macLength))
        guard payload[0] & 0xF0 == Self.version, let stated = Purpose(rawValue: payload[0] & 0x0F) else {
            throw .malformed
        }
        guard Self.constantTimeEqual(mac(payload, purpose: stated), Array(bytes.suffix(Self.macLength))) else {
            throw .badSignature
        }
        guard stated == purpose else { throw .wrongPurpose }
        var index = 1
        guard let campaign = Varint.read(payload, at: &index), let subscriber = Varint.read(payload, at: &index),
            index == payload.count, campaign <= UInt64(Int64.max), subscriber <= UInt64(Int64.max)
        else { throw .malformed }
        return Claims(campaignID: Int64(campaign), subscriberID: Int64(subscriber))
    }

    private func mac(_ payload: [UInt8], purpose: Purpose) -> [UInt8] {
        guard let key = keys[purpose] else { return [] }
        return Array(Array(HMAC<SHA256>.authenticationCode(for: payload, using: key)).prefix(Self.macLength))
    }

    /// Compares every byte whatever the first difference, so the time taken tells nothing about the MAC.
    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// Unsigned LEB128 varints, canonical only (no trailing zero groups), at most ten bytes.
enum Varint {
    static func append(_ value: UInt64, to bytes: inout [UInt8]) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    static func read(_ bytes: [UInt8], at index: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            index += 1
            let group = UInt64(byte & 0x7F)
            guard shift < 63 || group <= 1 else { return nil }
            value |= group << shift
            if byte & 0x80 == 0 { return (group == 0 && shift > 0) ? nil : value }
            shift += 7
        }
        return nil
    }
}

/// Lowercase RFC 4648 base32 without padding; decoding accepts either case and refuses trailing bits that are not
/// zero, so every token has exactly one spelling (apart from case).
enum Base32 {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1F)])
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1F)]) }
        return String(decoding: output, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        guard !text.isEmpty, [0, 2, 4, 5, 7].contains(text.utf8.count % 8) else { return nil }
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.utf8 {
            guard let value = value(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        return buffer == 0 ? output : nil
    }

    private static func value(of character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a")
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): character - UInt8(ascii: "2") + 26
        default: nil
        }
    }
}
