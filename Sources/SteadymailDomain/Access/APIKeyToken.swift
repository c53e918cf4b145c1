import Foundation

/// The text form of an API key: `sm_<id>_<secret>`, where the id names the key in listings and logs and the secret is
/// 32 random bytes in base64url.
///
/// It exists so that a key can be looked up by its public id and then checked against the stored hash of the whole
/// token, and so that a key pasted into a log or a ticket is recognisable as a Steadymail key.
public struct APIKeyToken: Sendable, Equatable, CustomStringConvertible {
    public static let prefix = "sm_"
    /// The public identifier, 16 lowercase base32 characters.
    public let id: String
    public let secret: String

    /// Parses a presented key; nil when it is not in the `sm_<id>_<secret>` form.
    public init?(_ text: String) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let rest = text.dropFirst(Self.prefix.count)
        guard let separator = rest.firstIndex(of: "_") else { return nil }
        let id = rest[..<separator]
        let secret = rest[rest.index(after: separator)...]
        guard id.count == 16, id.utf8.allSatisfy(Self.isBase32), (32...64).contains(secret.count),
            secret.utf8.allSatisfy(Self.isBase64URL)
        else { return nil }
        self.id = String(id)
        self.secret = String(secret)
    }

    /// A new key from the system's random source.
    public static func generate() -> APIKeyToken {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    public static func generate(using generator: inout some RandomNumberGenerator) -> APIKeyToken {
        let base32 = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
        let id = String(
            decoding: (0..<16).map { _ in base32[Int(generator.next(upperBound: UInt32(32)))] }, as: UTF8.self)
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = Base64.encode(bytes).replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
        return APIKeyToken("\(prefix)\(id)_\(secret)")!
    }

    public var description: String { "\(Self.prefix)\(id)_\(secret)" }

    private static func isBase32(_ byte: UInt8) -> Bool {
        (97...122).contains(byte) || (50...55).contains(byte)
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == 45 || byte == 95
    }
}
