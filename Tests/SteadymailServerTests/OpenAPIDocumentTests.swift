import Foundation
import Testing

@testable import SteadymailServer

@Suite struct OpenAPIDocumentTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func servedDocumentIsTheRepositoryFileByteForByte() throws {
        let file = try Data(contentsOf: Self.repository.appendingPathComponent("docs/openapi.yaml"))
        #expect(
            Data(OpenAPIDocument.yaml.utf8) == file,
            "docs/openapi.yaml changed: run scripts/generate-openapi")
    }

    @Test func documentDescribesEveryTraceRoute() {
        for path in [
            "/v1/messages:", "/v1/messages/{id}:", "/v1/queue:", "/v1/queue/retry:", "/v1/relays:",
            "/v1/relays/{name}/pause:", "/v1/relays/{name}/resume:", "/openapi.yaml:",
        ] {
            #expect(OpenAPIDocument.yaml.contains("\n  \(path)\n"), "\(path) is not documented")
        }
        #expect(OpenAPIDocument.yaml.hasPrefix("openapi: 3.1.0\n"))
    }
}
