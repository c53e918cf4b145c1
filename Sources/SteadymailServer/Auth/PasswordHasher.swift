import Crypto
import CryptoExtras
import Foundation

/// Hashes and verifies SMTP AUTH passwords with scrypt, in the PHC-like form
/// `$scrypt$ln=14,r=8,p=1$<salt base64>$<key base64>`.
///
/// It exists so that no password is ever stored in the configuration: `steadymail hash-password` prints the hash, the
/// config holds it, and AUTH verifies against it in constant time. The cost parameters live in the hash itself, so
/// they can be raised later without invalidating existing users.
public enum PasswordHasher {
    public static let prefix = "$scrypt$"
    static let defaultLogRounds = 14
    static let blockSize = 8
    static let parallelism = 1
    static let keyLength = 32

    /// Hashes a password with a fresh random salt.
    public static func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = try derive(
            password, salt: salt, logRounds: defaultLogRounds, blockSize: blockSize, parallelism: parallelism)
        return "\(prefix)ln=\(defaultLogRounds),r=\(blockSize),p=\(parallelism)$"
            + "\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// True when `password` matches `encoded`. A malformed or out-of-range hash never matches.
    public static func verify(_ password: String, against encoded: String) -> Bool {
        guard let parsed = Parsed(encoded),
            let key = try? derive(
                password, salt: parsed.salt, logRounds: parsed.logRounds, blockSize: parsed.blockSize,
                parallelism: parsed.parallelism)
        else { return false }
        return constantTimeEquals(key, parsed.key)
    }

    /// True when `encoded` has the shape `hash` produces, with parameters in a safe range.
    public static func isWellFormed(_ encoded: String) -> Bool { Parsed(encoded) != nil }

    private static func derive(
        _ password: String, salt: [UInt8], logRounds: Int, blockSize: Int, parallelism: Int
    ) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: keyLength, rounds: 1 << logRounds,
            blockSize: blockSize, parallelism: parallelism)
        return key.withUnsafeBytes { Array($0) }
    }

    private static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }

    private struct Parsed {
        var logRounds: Int
        var blockSize: Int
        var parallelism: Int
        var salt: [UInt8]
        var key: [UInt8]

        init?(_ encoded: String) {
            guard encoded.hasPrefix(PasswordHasher.prefix) else { return nil }
            let parts = encoded.dropFirst(PasswordHasher.prefix.count).split(
                separator: "$", omittingEmptySubsequences: false)
            guard parts.count == 3, let salt = Data(base64Encoded: String(parts[1])),
                let key = Data(base64Encoded: String(parts[2])), !salt.isEmpty, key.count == PasswordHasher.keyLength
            else { return nil }
            var values: [String: Int] = [:]
            for pair in parts[0].split(separator: ",") {
                let item = pair.split(separator: "=", maxSplits: 1)
                guard item.count == 2, let number = Int(item[1]) else { return nil }
                values[String(item[0])] = number
            }
            guard let logRounds = values["ln"], let blockSize = values["r"], let parallelism = values["p"],
                (10...20).contains(logRounds), (1...32).contains(blockSize), (1...4).contains(parallelism)
            else { return nil }
            self.logRounds = logRounds
            self.blockSize = blockSize
            self.parallelism = parallelism
            self.salt = Array(salt)
            self.key = Array(key)
        }
    }
}
