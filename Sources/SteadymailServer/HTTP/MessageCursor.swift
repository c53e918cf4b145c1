import Crypto
import Foundation
import SteadymailDomain
import SteadymailStorage

/// The opaque `cursor` of `GET /v1/messages`: the position of the last message of a page, as base64url.
///
/// It exists so that clients page with a token they need not understand while the server keeps keyset pagination on
/// (received_at, id). The token holds a version byte, the arrival time (the exact bits of its seconds since 1970), the
/// queue id and the first four bytes of a SHA-256 of all that: an edited or truncated token fails the check and is
/// refused instead of silently starting somewhere else. It is not a secret; any position a client could forge is one
/// it may list anyway.
enum MessageCursor {
    private static let version: UInt8 = 1
    private static let checkLength = 4
    private static let idLength = 20
    private static let payloadLength = 1 + 8 + idLength
    /// Beyond any arrival time (about the year 5138), so that a forged token cannot overflow a stored time.
    private static let maximumSeconds = 1e11

    static func encode(_ position: MessagePosition) -> String {
        var bytes: [UInt8] = [version]
        let bits = position.receivedAt.timeIntervalSince1970.bitPattern
        bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: bits >> (UInt64($0) * 8)) }
        bytes += Array(position.id.rawValue.utf8)
        bytes += check(bytes)
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The position a token this server issued stands for; nil for anything else.
    static func decode(_ token: String) -> MessagePosition? {
        guard token.utf8.count <= 64,
            token.utf8.allSatisfy({ isBase64URL($0) })
        else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), data.count == payloadLength + checkLength else { return nil }
        let bytes = [UInt8](data)
        let payload = Array(bytes[..<payloadLength])
        guard payload[0] == version, Array(bytes[payloadLength...]) == check(payload) else { return nil }
        let bits = payload[1...8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let seconds = Double(bitPattern: bits)
        guard seconds.isFinite, abs(seconds) < maximumSeconds,
            let id = QueueID(String(decoding: payload[9...], as: UTF8.self))
        else { return nil }
        let position = MessagePosition(receivedAt: Date(timeIntervalSince1970: seconds), id: id)
        return encode(position) == token ? position : nil
    }

    private static func check(_ payload: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: payload).prefix(checkLength))
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }
}
