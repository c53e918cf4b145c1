import Foundation
import Testing

@testable import SteadymailConfig

/// Parses configuration text and returns the error it must produce.
func configError(_ yaml: String, environment: [String: String] = [:]) -> ConfigError? {
    do {
        _ = try SteadymailConfiguration.parse(yaml: yaml, environment: environment)
        return nil
    } catch {
        return error
    }
}

/// A temporary file that is removed when the test ends.
struct TemporaryFile: ~Copyable {
    let path: String

    init(contents: String = "test") throws {
        path =
            FileManager.default.temporaryDirectory.appendingPathComponent(
                "steadymail-\(UUID().uuidString)"
            ).path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// The repository root, found from this source file.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
