import Foundation
import Testing

@testable import SteadymailConfig

@Suite struct DocumentationTests {
    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent(relativePath), encoding: .utf8)
    }

    @Test func exampleFileParsesToTheDefaults() throws {
        let example = try Self.read("steadymail.example.yaml")
        let parsed = try SteadymailConfiguration.parse(yaml: example, environment: [:])
        #expect(parsed == (try SteadymailConfiguration.parse(yaml: "", environment: [:])))
    }

    @Test func exampleFileMentionsEveryKey() throws {
        let example = try Self.read("steadymail.example.yaml")
        for key in ConfigSchema.allKeys {
            let leaf = key.split(separator: ".").last.map(String.init) ?? key
            #expect(example.contains("\(leaf):"), "steadymail.example.yaml does not mention \(key)")
        }
    }

    @Test func commentedExampleEntriesAreValid() throws {
        let example = try Self.read("steadymail.example.yaml")
        let uncommented = example.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.replacing(/^(\s*)#> ?/, with: { $0.1 })
        }.joined(separator: "\n")
        let config = try SteadymailConfiguration.parse(
            yaml: uncommented,
            environment: ["STEADYMAIL_EXAMPLE_HASH": "$scrypt$x", "RELAY_PASSWORD": "p"])
        #expect(!config.relays.isEmpty)
        #expect(!config.smtp.auth.users.isEmpty)
    }

    /// The keys in the first column of the tables in docs/configuration.md, such as `smtp.listen` or `relays[].name`.
    static func documentedKeys() throws -> [(key: String, variable: String)] {
        let text = try read("docs/configuration.md")
        return text.split(separator: "\n").compactMap { line in
            guard let match = line.firstMatch(of: /^\| `([a-z_.\[\]]+)` \| (`STEADYMAIL_[A-Z_]+`|—) \|/)
            else { return nil }
            return (String(match.1), String(match.2).replacingOccurrences(of: "`", with: ""))
        }
    }

    @Test func documentationCoversExactlyTheSchema() throws {
        let documented = try Self.documentedKeys()
        #expect(documented.map(\.key).sorted() == ConfigSchema.allKeys)
    }

    @Test func documentedVariablesAreTheRealOnes() throws {
        let overridable = Set(ConfigSchema.overridableKeys.map(\.path))
        for (key, variable) in try Self.documentedKeys() {
            let expected = overridable.contains(key) ? ConfigSchema.environmentVariable(for: key) : "—"
            #expect(variable == expected, "\(key)")
        }
    }
}
