import ArgumentParser
import Foundation
import SteadymailConfig

/// The `--config FILE` option every command shares, and the one way commands load configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (default: ./steadymail.yaml when present, else built-in defaults).")
    var config: String?

    /// Loads and validates the configuration; a bad value prints one line naming the key and exits 78.
    func load() throws -> SteadymailConfiguration {
        do {
            return try SteadymailConfiguration.load(path: config, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("steadymail: \(error.description)\n".utf8))
            throw ExitCode(ConfigError.exitCode)
        }
    }
}
