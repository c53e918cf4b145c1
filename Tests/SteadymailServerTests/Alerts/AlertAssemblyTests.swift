import Foundation
import Logging
import NIOPosix
import SteadymailConfig
import SteadymailSQLite
import SteadymailStorage
import Testing

@testable import SteadymailServer

@Suite struct AlertAssemblyTests {
    private func build(_ channels: [AlertChannelConfiguration]) throws -> AlertDispatcher {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assembly-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteQueueStore(
            path: directory.appendingPathComponent("q.sqlite").path, busyTimeout: .seconds(5))
        defer { try? store.close() }
        let logger = Logger(label: "test")
        let pipeline = IntakePipeline.forTests(store: store, logger: logger)
        var configuration = try SteadymailConfiguration.parse(yaml: "", environment: [:])
        configuration.smtp.hostname = "mx.example.com"
        configuration.alerts.channels = channels
        return try AlertAssembly.dispatcher(
            configuration, pipeline: pipeline, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
    }

    private func failingKey(_ channels: [AlertChannelConfiguration]) -> String? {
        do {
            _ = try build(channels)
            return nil
        } catch let error as ConfigError {
            return error.key
        } catch {
            return "\(error)"
        }
    }

    @Test func everyKindOfChannelIsBuilt() throws {
        let dispatcher = try build([
            AlertChannelConfiguration(name: "hook", kind: .webhook, url: "http://127.0.0.1:9000/a", secret: "s"),
            AlertChannelConfiguration(name: "chat", kind: .slack, url: "https://hooks.example.org/x"),
            AlertChannelConfiguration(name: "ops", kind: .email, to: "oncall@example.org"),
        ])
        #expect(dispatcher.channels.map(\.name) == ["hook", "chat", "ops"])
        let email = try #require(dispatcher.channels[2] as? EmailAlertChannel)
        #expect(email.from.description == "steadymail@mx.example.com")
        #expect(email.to.description == "oncall@example.org")
    }

    @Test func aValueAChannelCannotUseNamesItsKey() {
        #expect(
            failingKey([AlertChannelConfiguration(name: "hook", kind: .webhook, url: "ftp://x")])
                == "alerts.channels[0].url")
        #expect(
            failingKey([
                AlertChannelConfiguration(name: "chat", kind: .slack, url: "https://hooks.example.org/x"),
                AlertChannelConfiguration(name: "chat2", kind: .slack),
            ]) == "alerts.channels[1].url")
        #expect(failingKey([AlertChannelConfiguration(name: "ops", kind: .email)]) == "alerts.channels[0].to")
        #expect(
            failingKey([AlertChannelConfiguration(name: "ops", kind: .email, to: "not an address")])
                == "alerts.channels[0].to")
        #expect(
            failingKey([AlertChannelConfiguration(name: "ops", kind: .email, to: "a@b.org", from: "@@")])
                == "alerts.channels[0].from")
    }
}
