import ArgumentParser
import Foundation
import Logging
import SteadymailConfig
import SteadymailServer

/// `steadymail serve`: runs the node in the foreground until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run Steadymail: SMTP intake, the durable queue and the control socket.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try options.load()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: configuration.logLevel.rawValue) ?? .info
            return handler
        }
        let logger = Logger(label: "steadymail")
        // swift-metrics takes one backend per process: this one, so that every metric lands in GET /metrics.
        let export = PrometheusExport()
        export.bootstrapMetricsSystem()
        do {
            let path = options.config
            try await SteadymailApplication.run(configuration, export: export, logger: logger) {
                try SteadymailConfiguration.load(path: path, environment: ProcessInfo.processInfo.environment)
            }
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("steadymail: \(error.description)\n".utf8))
            throw ExitCode(ConfigError.exitCode)
        } catch {
            FileHandle.standardError.write(Data("steadymail: cannot start: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
