/// Why the configuration was refused, as one line naming the key: `smtp.listen: port 99999 is out of range 1-65535`.
///
/// It exists so that start-up fails with a message an operator can act on without reading a stack trace; the caller
/// prints ``description`` and exits with ``exitCode``.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Exit status for a configuration error (EX_CONFIG from sysexits.h).
    public static let exitCode: Int32 = 78

    /// Dotted key path with list indices, such as `relays[1].tls`; `config` for the file itself.
    public var key: String
    /// What is wrong with the value, including the environment variable when one supplied it.
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}
